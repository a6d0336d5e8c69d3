import type { BgrFrame } from './detector';

/** A rectangle of a frame in whole pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Positions of `tile`-long windows covering `length`, evenly spread, neighbours overlapping by at
 * least `overlap` (a fraction of the tile). One window at 0 when the tile covers the length.
 */
export function tileStarts(length: number, tile: number, overlap: number): number[] {
  if (tile >= length) return [0];
  const n = Math.ceil((length - tile) / (tile * (1 - overlap))) + 1;
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - tile)) / (n - 1)));
}

/**
 * The grid of `tile`-sized windows over a `width × height` frame, overlapping by at least `overlap`,
 * and the smallest overlap of two neighbours in pixels (Infinity for a single tile).
 */
export function tileGrid(
  width: number,
  height: number,
  tile: { width: number; height: number },
  overlap: number,
): { tiles: Rect[]; overlapPx: number } {
  const w = Math.min(width, tile.width);
  const h = Math.min(height, tile.height);
  const xs = tileStarts(width, w, overlap);
  const ys = tileStarts(height, h, overlap);
  const least = (starts: number[], size: number) =>
    Math.min(Infinity, ...starts.slice(1).map((s, i) => size - (s - starts[i]!)));
  return {
    tiles: ys.flatMap((y) => xs.map((x) => ({ x, y, w, h }))),
    overlapPx: Math.min(least(xs, w), least(ys, h)),
  };
}

/** The pixels of `r` as a frame of their own. */
export function cropFrame(frame: BgrFrame, r: Rect): BgrFrame {
  const data = new Uint8Array(r.w * r.h * 3);
  const row = r.w * 3;
  for (let j = 0; j < r.h; j++) {
    const src = ((r.y + j) * frame.width + r.x) * 3;
    data.set(frame.data.subarray(src, src + row), j * row);
  }
  return { width: r.w, height: r.h, data };
}

/**
 * The frame shrunk to `width × height` by averaging each output pixel's footprint (the source pixels
 * whose centres fall inside it), as ffmpeg's `area` scaler does for whole-number ratios.
 */
export function shrinkFrame(frame: BgrFrame, width: number, height: number): BgrFrame {
  if (width > frame.width || height > frame.height)
    throw new Error(`cannot shrink ${frame.width}×${frame.height} to a larger ${width}×${height}`);
  const spans = (from: number, to: number) =>
    Array.from({ length: to + 1 }, (_, i) => Math.min(from, Math.round((i * from) / to)));
  const xs = spans(frame.width, width);
  const ys = spans(frame.height, height);
  const out = new Uint8Array(width * height * 3);
  const sum = new Float64Array(width * 3);
  const src = frame.data;
  for (let oy = 0; oy < height; oy++) {
    sum.fill(0);
    const y0 = ys[oy]!;
    const y1 = Math.max(y0 + 1, ys[oy + 1]!);
    for (let y = y0; y < y1; y++) {
      const rowStart = y * frame.width * 3;
      for (let ox = 0; ox < width; ox++) {
        const x1 = Math.max(xs[ox]! + 1, xs[ox + 1]!);
        let b = 0;
        let g = 0;
        let r = 0;
        for (let p = rowStart + xs[ox]! * 3, end = rowStart + x1 * 3; p < end; p += 3) {
          b += src[p]!;
          g += src[p + 1]!;
          r += src[p + 2]!;
        }
        const k = ox * 3;
        sum[k] = sum[k]! + b;
        sum[k + 1] = sum[k + 1]! + g;
        sum[k + 2] = sum[k + 2]! + r;
      }
    }
    for (let ox = 0; ox < width; ox++) {
      const n = (y1 - y0) * (Math.max(xs[ox]! + 1, xs[ox + 1]!) - xs[ox]!);
      const o = (oy * width + ox) * 3;
      out[o] = Math.round(sum[ox * 3]! / n);
      out[o + 1] = Math.round(sum[ox * 3 + 1]! / n);
      out[o + 2] = Math.round(sum[ox * 3 + 2]! / n);
    }
  }
  return { width, height, data: out };
}
