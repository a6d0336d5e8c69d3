import { jointColumns, pickColumns } from './motion';
import { median, stepSpeeds } from './stats';
import type { DatasetContext, EpisodeInput, Series } from './types';

/** At most this many frames per episode feed the dataset's column spreads (evenly spaced). */
const SAMPLE_PER_EPISODE = 200;

function columnSpread(series: Series[], dim: number): Float32Array {
  const sum = new Float64Array(dim);
  const sq = new Float64Array(dim);
  let count = 0;
  for (const s of series) {
    const n = s.values.length / dim;
    const stride = Math.max(1, Math.floor(n / SAMPLE_PER_EPISODE));
    for (let i = 0; i < n; i += stride) {
      for (let d = 0; d < dim; d++) {
        const v = s.values[i * dim + d]!;
        sum[d] = sum[d]! + v;
        sq[d] = sq[d]! + v * v;
      }
      count++;
    }
  }
  return Float32Array.from({ length: dim }, (_, d) => {
    const mean = sum[d]! / Math.max(1, count);
    const sd = Math.sqrt(Math.max(0, sq[d]! / Math.max(1, count) - mean * mean));
    return sd > 1e-9 ? sd : 1;
  });
}

/** Median per-step speed over the dataset, from up to SAMPLE_PER_EPISODE steps of each episode. */
function typicalSpeed(series: Series[], scale: Float32Array): number {
  const speeds: number[] = [];
  for (const s of series) {
    const v = stepSpeeds(s.values, s.dim, scale);
    const stride = Math.max(1, Math.floor(v.length / SAMPLE_PER_EPISODE));
    for (let i = 0; i < v.length; i += stride) speeds.push(v[i]!);
  }
  return speeds.length ? median(speeds) : 0;
}

/** What the signals compare each episode against: column spreads, ranges and usual speeds. */
export function datasetContext(episodes: readonly EpisodeInput[]): DatasetContext {
  const states = episodes.flatMap((e) => (e.state ? [e.state] : []));
  const actions = episodes.flatMap((e) => (e.action ? [e.action] : []));
  const sDim = states[0]?.dim ?? 0;
  const aDim = actions[0]?.dim ?? 0;
  const sameS = states.filter((s) => s.dim === sDim);
  const sameA = actions.filter((s) => s.dim === aDim);
  const stateScale = sDim ? columnSpread(sameS, sDim) : null;
  const actionScale = aDim ? columnSpread(sameA, aDim) : null;
  let stateMin: Float32Array | null = null;
  let stateMax: Float32Array | null = null;
  let stateMovesIn: Float32Array | null = null;
  let stateAtExtreme: [Float32Array, Float32Array] | null = null;
  if (sDim) {
    const mins = sameS.map((s) => colExtremes(s, Math.min, Infinity));
    const maxs = sameS.map((s) => colExtremes(s, Math.max, -Infinity));
    stateMin = Float32Array.from({ length: sDim }, (_, d) => Math.min(...mins.map((m) => m[d]!)));
    stateMax = Float32Array.from({ length: sDim }, (_, d) => Math.max(...maxs.map((m) => m[d]!)));
    const share = (pred: (i: number, d: number) => boolean) =>
      Float32Array.from({ length: sDim }, (_, d) => sameS.filter((_, i) => pred(i, d)).length / sameS.length);
    stateMovesIn = share((i, d) => maxs[i]![d]! > mins[i]![d]!);
    stateAtExtreme = [
      share((i, d) => mins[i]![d] === stateMin![d]),
      share((i, d) => maxs[i]![d] === stateMax![d]),
    ];
  }
  const joints = sameS[0] ? jointColumns(sameS[0], sameA[0] ?? null) : [];
  const jointSeries = joints.length && stateScale ? sameS.map((s) => pickColumns(s, joints)) : [];
  return {
    jointSpeed: jointSeries.length
      ? typicalSpeed(
          jointSeries,
          Float32Array.from(joints, (c) => stateScale![c]!),
        )
      : 0,
    stateScale,
    actionScale,
    stateMin,
    stateMax,
    stateMovesIn,
    stateAtExtreme,
    stateSpeed: stateScale ? typicalSpeed(sameS, stateScale) : 0,
    actionSpeed: actionScale ? typicalSpeed(sameA, actionScale) : 0,
  };
}

function colExtremes(s: Series, pick: (a: number, b: number) => number, start: number): Float32Array {
  const out = new Float32Array(s.dim).fill(start);
  const n = s.values.length / s.dim;
  for (let i = 0; i < n; i++)
    for (let d = 0; d < s.dim; d++) out[d] = pick(out[d]!, s.values[i * s.dim + d]!);
  return out;
}
