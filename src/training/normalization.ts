import type { ObjectFrame } from './frame';

/** Per-dimension mean and standard deviation of a row-major [rows, dim] array. */
export interface Stats {
  mean: number[];
  std: number[];
}

export interface NormalizationStats {
  obs: Stats;
  /** Of the actions as learned: offsets where `relativeTo` says so. */
  action: Stats;
  /**
   * Actions learned relative to the observation (`relative.ts`): per action dimension, the index of
   * the observation value it is an offset from, or -1. Absent: every action absolute.
   */
  relativeTo?: number[];
  /** Observations and actions seen from an object (`frame.ts`). Absent: the world's frame. */
  frame?: ObjectFrame;
}

/** Below this a dimension is treated as constant: it is centred but not scaled (no division by ~0). */
const MIN_STD = 1e-6;

/** Stats over the rows listed in `rows` (all rows when omitted), in float64 for stability. */
export function computeStats(data: Float32Array, dim: number, rows?: ArrayLike<number>): Stats {
  const count = rows === undefined ? data.length / dim : rows.length;
  const sum = new Float64Array(dim);
  const sumSq = new Float64Array(dim);
  for (let r = 0; r < count; r++) {
    const base = (rows === undefined ? r : (rows[r] as number)) * dim;
    for (let d = 0; d < dim; d++) {
      const v = data[base + d] as number;
      sum[d] = (sum[d] as number) + v;
      sumSq[d] = (sumSq[d] as number) + v * v;
    }
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let d = 0; d < dim; d++) {
    const m = count > 0 ? (sum[d] as number) / count : 0;
    const variance = count > 0 ? Math.max(0, (sumSq[d] as number) / count - m * m) : 0;
    const s = Math.sqrt(variance);
    mean.push(m);
    std.push(s < MIN_STD ? 1 : s);
  }
  return { mean, std };
}

export function normalize(data: Float32Array, stats: Stats): Float32Array {
  const dim = stats.mean.length;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const d = i % dim;
    out[i] = ((data[i] as number) - (stats.mean[d] as number)) / (stats.std[d] as number);
  }
  return out;
}

export function unnormalize(data: Float32Array, stats: Stats): Float32Array {
  const dim = stats.mean.length;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const d = i % dim;
    out[i] = (data[i] as number) * (stats.std[d] as number) + (stats.mean[d] as number);
  }
  return out;
}
