/**
 * A raster of the track for fast egocentric rendering: each cell holds its surface class, built
 * once per episode by stamping the centreline samples.
 */
import type { Track } from './track';

export const SURFACE = { grass: 0, road: 1, edge: 2, centre: 3 } as const;

export interface TrackMap {
  cells: Uint8Array;
  width: number;
  height: number;
  x0: number;
  y0: number;
  resolution: number;
}

const EDGE_LINE = 0.25;
const CENTRE_LINE = 0.12;
const DASH = 3;

export function buildTrackMap(track: Track, resolution = 0.25): TrackMap {
  const margin = track.halfWidth + 20;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < track.x.length; i++) {
    minX = Math.min(minX, track.x[i]!);
    maxX = Math.max(maxX, track.x[i]!);
    minY = Math.min(minY, track.y[i]!);
    maxY = Math.max(maxY, track.y[i]!);
  }
  const x0 = minX - margin;
  const y0 = minY - margin;
  const width = Math.ceil((maxX - minX + 2 * margin) / resolution);
  const height = Math.ceil((maxY - minY + 2 * margin) / resolution);
  const nearest = new Float32Array(width * height).fill(Infinity);
  // Distance across the road from the nearest sample's tangent line: constant-width lines even
  // between samples.
  const dist = new Float32Array(width * height).fill(Infinity);
  const along = new Float32Array(width * height);
  const reach = track.halfWidth + 0.5;
  const r = Math.ceil(reach / resolution);
  for (let i = 0; i < track.x.length; i++) {
    const cx = (track.x[i]! - x0) / resolution;
    const cy = (track.y[i]! - y0) / resolution;
    const h = track.heading[i]!;
    const nx = -Math.sin(h);
    const ny = Math.cos(h);
    for (let gy = Math.floor(cy) - r; gy <= Math.ceil(cy) + r; gy++) {
      for (let gx = Math.floor(cx) - r; gx <= Math.ceil(cx) + r; gx++) {
        if (gx < 0 || gy < 0 || gx >= width || gy >= height) continue;
        const dx = (gx + 0.5 - cx) * resolution;
        const dy = (gy + 0.5 - cy) * resolution;
        const d = Math.hypot(dx, dy);
        const k = gy * width + gx;
        if (d < nearest[k]!) {
          nearest[k] = d;
          dist[k] = Math.abs(dx * nx + dy * ny);
          along[k] = i * track.ds + dx * ny - dy * nx;
        }
      }
    }
  }
  const cells = new Uint8Array(width * height);
  for (let k = 0; k < cells.length; k++) {
    const d = dist[k]!;
    if (d > track.halfWidth) cells[k] = SURFACE.grass;
    else if (d > track.halfWidth - EDGE_LINE) cells[k] = SURFACE.edge;
    else if (d < CENTRE_LINE && along[k]! % (2 * DASH) < DASH) cells[k] = SURFACE.centre;
    else cells[k] = SURFACE.road;
  }
  return { cells, width, height, x0, y0, resolution };
}

export function surfaceAt(map: TrackMap, x: number, y: number): number {
  const gx = Math.floor((x - map.x0) / map.resolution);
  const gy = Math.floor((y - map.y0) / map.resolution);
  if (gx < 0 || gy < 0 || gx >= map.width || gy >= map.height) return SURFACE.grass;
  return map.cells[gy * map.width + gx]!;
}
