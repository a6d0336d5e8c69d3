/**
 * Procedural closed tracks for lane keeping: a wobbly circle r(phi) = R (1 + sum a_k cos(k phi + p_k)),
 * resampled at equal arc length, with tangent angle and signed curvature (left turns positive,
 * in a y-up world frame).
 */
import { Rng } from '../random';
import { wrapAngle } from '../geometry';

export interface Track {
  /** Centreline samples every `ds` metres, closed (sample n wraps to 0). */
  x: Float64Array;
  y: Float64Array;
  heading: Float64Array;
  curvature: Float64Array;
  ds: number;
  length: number;
  halfWidth: number;
}

const RADIUS = 45;
const SPACING = 0.5;
export const HALF_WIDTH = 3.5;

export function generateTrack(seed: number): Track {
  const rng = new Rng(seed);
  const harmonics = Array.from({ length: 4 }, (_, i) => ({
    k: i + 2,
    a: rng.uniform(0, 0.16 / (i + 1)),
    p: rng.uniform(0, 2 * Math.PI),
  }));
  const dense = 4096;
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < dense; i++) {
    const phi = (2 * Math.PI * i) / dense;
    let r = 1;
    for (const h of harmonics) r += h.a * Math.cos(h.k * phi + h.p);
    px.push(RADIUS * r * Math.cos(phi));
    py.push(RADIUS * r * Math.sin(phi));
  }
  // Resample at equal arc length.
  const cum = [0];
  for (let i = 1; i <= dense; i++) {
    const j = i % dense;
    cum.push(cum[i - 1]! + Math.hypot(px[j]! - px[i - 1]!, py[j]! - py[i - 1]!));
  }
  const total = cum[dense]!;
  const n = Math.round(total / SPACING);
  const ds = total / n;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let seg = 0;
  for (let i = 0; i < n; i++) {
    const s = i * ds;
    while (cum[seg + 1]! < s) seg++;
    const t = (s - cum[seg]!) / (cum[seg + 1]! - cum[seg]!);
    const a = seg % dense;
    const b = (seg + 1) % dense;
    x[i] = px[a]! + t * (px[b]! - px[a]!);
    y[i] = py[a]! + t * (py[b]! - py[a]!);
  }
  const heading = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const h = (i + n - 1) % n;
    heading[i] = Math.atan2(y[j]! - y[h]!, x[j]! - x[h]!);
  }
  const curvature = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const h = (i + n - 1) % n;
    curvature[i] = wrapAngle(heading[j]! - heading[h]!) / (2 * ds);
  }
  return { x, y, heading, curvature, ds, length: total, halfWidth: HALF_WIDTH };
}

/** Nearest sample to (px, py), searching `window` samples either side of `hint` (the car moves little per step). */
export function nearestIndex(track: Track, px: number, py: number, hint: number, window = 60): number {
  const n = track.x.length;
  let best = hint;
  let bestD = Infinity;
  for (let k = -window; k <= window; k++) {
    const i = (((hint + k) % n) + n) % n;
    const d = (track.x[i]! - px) ** 2 + (track.y[i]! - py) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Signed lateral offset (left positive) and along-track offset of (px, py) from sample i. */
export function frenet(track: Track, i: number, px: number, py: number): { lateral: number; along: number } {
  const h = track.heading[i]!;
  const dx = px - track.x[i]!;
  const dy = py - track.y[i]!;
  return { lateral: -Math.sin(h) * dx + Math.cos(h) * dy, along: Math.cos(h) * dx + Math.sin(h) * dy };
}

export function curvatureAhead(track: Track, i: number, metres: number): number {
  const n = track.x.length;
  return track.curvature[(i + Math.round(metres / track.ds)) % n]!;
}
