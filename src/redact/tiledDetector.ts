import { nms, type ScoredBox } from './boxes';
import type { BgrFrame, Detector } from './detector';
import { cropFrame, shrinkFrame, tileGrid, type Rect } from './tiles';

export interface TileOptions {
  /** Frames whose longer side is more than this many times the detector's own size are tiled. */
  above: number;
  /** Least overlap of neighbouring tiles, a fraction of the tile. */
  overlap: number;
}

export const TILE_DEFAULTS: TileOptions = { above: 1.5, overlap: 0.2 };

const NMS_IOU = 0.3;
/** A tile's box this close to an edge shared with a neighbouring tile is a face cut by that edge. */
const EDGE_PX = 2;

/**
 * Searches large frames twice: whole, shrunk to the size the wrapped detector asks for (large
 * faces), and in source pixels as overlapping tiles of that size (faces too small to survive the
 * shrinking). Boxes of both passes are merged by non-maximum suppression in source pixels. The tiles
 * answer only for faces smaller than their overlap: a tile's box that touches an edge shared with a
 * neighbour is dropped (such a face lies whole in that neighbour), and so is one larger than the
 * overlap (a part of a large face, which the whole-frame pass finds whole).
 */
export class TiledDetector implements Detector {
  readonly kind: string;
  readonly describe: string;

  constructor(
    private readonly inner: Detector,
    private readonly opts: TileOptions = TILE_DEFAULTS,
  ) {
    this.kind = inner.kind;
    this.describe = `${inner.describe} tiles(above=${opts.above}x overlap=${opts.overlap})`;
  }

  /** Whether a frame of this size is tiled. */
  tiles(width: number, height: number): boolean {
    const own = this.inner.inputSize(width, height);
    return Math.max(width, height) > this.opts.above * Math.max(own.width, own.height);
  }

  inputSize(width: number, height: number): { width: number; height: number } {
    return this.tiles(width, height) ? { width, height } : this.inner.inputSize(width, height);
  }

  async detect(frame: BgrFrame): Promise<ScoredBox[]> {
    if (!this.tiles(frame.width, frame.height)) return this.inner.detect(frame);
    return nms([...(await this.detectWhole(frame)), ...(await this.detectTiles(frame))], NMS_IOU);
  }

  /** The whole-frame pass alone, in source pixels. */
  async detectWhole(frame: BgrFrame): Promise<ScoredBox[]> {
    const size = this.inner.inputSize(frame.width, frame.height);
    const sx = frame.width / size.width;
    const sy = frame.height / size.height;
    const found = await this.inner.detect(shrinkFrame(frame, size.width, size.height));
    return found.map((b) => ({ x: b.x * sx, y: b.y * sy, w: b.w * sx, h: b.h * sy, score: b.score }));
  }

  /** The tiles' pass alone, in source pixels. */
  async detectTiles(frame: BgrFrame): Promise<ScoredBox[]> {
    const size = this.inner.inputSize(frame.width, frame.height);
    const { tiles, overlapPx } = tileGrid(frame.width, frame.height, size, this.opts.overlap);
    const out: ScoredBox[] = [];
    for (const r of tiles)
      for (const b of await this.inner.detect(cropFrame(frame, r)))
        if (Math.max(b.w, b.h) <= overlapPx && !cutByTile(b, r, frame))
          out.push({ ...b, x: b.x + r.x, y: b.y + r.y });
    return out;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Whether box `b` (in tile pixels) touches an edge of tile `r` that another tile shares. */
function cutByTile(b: ScoredBox, r: Rect, frame: { width: number; height: number }): boolean {
  return (
    (r.x > 0 && b.x <= EDGE_PX) ||
    (r.y > 0 && b.y <= EDGE_PX) ||
    (r.x + r.w < frame.width && b.x + b.w >= r.w - EDGE_PX) ||
    (r.y + r.h < frame.height && b.y + b.h >= r.h - EDGE_PX)
  );
}
