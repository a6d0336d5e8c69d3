/** Small numeric helpers shared by the signals: robust statistics, windows, differences. */

export function median(xs: ArrayLike<number>): number {
  const s = Array.from(xs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation scaled to a normal SD (1.4826 MAD), falling back to the mean deviation. */
export function robustSpread(xs: ArrayLike<number>): number {
  const m = median(xs);
  const vals = Array.from(xs).filter(Number.isFinite);
  const mad = median(vals.map((x) => Math.abs(x - m))) * 1.4826;
  if (mad > 0) return mad;
  const mean = vals.reduce((a, x) => a + Math.abs(x - m), 0) / Math.max(1, vals.length);
  return mean * 1.2533;
}

/** Robust z-scores of `xs` against themselves, clipped to ±10; null stays null. */
export function robustZ(xs: readonly (number | null)[]): (number | null)[] {
  const vals = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  const m = median(vals);
  const s = robustSpread(vals);
  return xs.map((x) => {
    if (x === null || !Number.isFinite(x)) return null;
    if (!(s > 0)) return x === m ? 0 : Math.sign(x - m) * 10;
    return Math.max(-10, Math.min(10, (x - m) / s));
  });
}

/** Row `i` of a row-major series as a new array. */
export const row = (values: Float32Array, dim: number, i: number) => values.subarray(i * dim, (i + 1) * dim);

/** Per-step speed: the scaled Euclidean norm of each frame-to-frame change (n - 1 values). */
export function stepSpeeds(values: Float32Array, dim: number, scale: ArrayLike<number>): Float64Array {
  const n = values.length / dim;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = ((values[i * dim + d]! - values[(i - 1) * dim + d]!) / (scale[d] as number)) ** 2;
      s += v;
    }
    out[i - 1] = Math.sqrt(s);
  }
  return out;
}

/** The median time between frames (ns), or 0 with fewer than two frames. */
export function framePeriodNs(timesNs: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = 1; i < timesNs.length; i++) gaps.push((timesNs[i] as number) - (timesNs[i - 1] as number));
  return gaps.length ? median(gaps) : 0;
}

/** Frames per window of `seconds` at this series' rate (at least 2). */
export function windowFrames(timesNs: ArrayLike<number>, seconds: number): number {
  const p = framePeriodNs(timesNs);
  return p > 0 ? Math.max(2, Math.round((seconds * 1e9) / p)) : 2;
}

/** The start of the window (`width` items) with the largest sum of `xs`, and that sum. */
export function worstWindow(xs: ArrayLike<number>, width: number): { start: number; sum: number } {
  const w = Math.min(width, xs.length);
  let sum = 0;
  for (let i = 0; i < w; i++) sum += xs[i] as number;
  let best = { start: 0, sum };
  for (let i = w; i < xs.length; i++) {
    sum += (xs[i] as number) - (xs[i - w] as number);
    if (sum > best.sum) best = { start: i - w + 1, sum };
  }
  return best;
}

/** Runs of consecutive `true` as [start, end) index pairs. */
export function runs(mask: ArrayLike<boolean>): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= mask.length; i++) {
    const on = i < mask.length && (mask[i] as boolean);
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

export const seconds = (ns: number) => `${(ns / 1e9).toFixed(1)} s`;

/** Time of frame `i` (clamped), for spans. */
export const timeAt = (timesNs: ArrayLike<number>, i: number): number =>
  timesNs.length === 0 ? 0 : (timesNs[Math.max(0, Math.min(timesNs.length - 1, i))] as number);
