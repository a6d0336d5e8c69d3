import { integratedScale, motionSeries, pickColumns } from './motion';
import { motionSource, type MotionSchema } from './sources';
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

/** Root mean square of each column (a rate's typical magnitude). */
function columnRms(series: Series[], dim: number): Float32Array {
  const sq = new Float64Array(dim);
  let count = 0;
  for (const s of series) {
    const n = s.values.length / dim;
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) sq[d] = sq[d]! + s.values[i * dim + d]! ** 2;
    count += n;
  }
  return Float32Array.from(sq, (v) => Math.sqrt(v / Math.max(1, count)));
}

/** The motion source's series of every episode, their scale and the dataset's usual speed over them. */
function motionContext(
  episodes: readonly EpisodeInput[],
  source: DatasetContext['source'],
): Pick<DatasetContext, 'motionScale' | 'motionSpeed'> {
  if (!source) return { motionScale: null, motionSpeed: 0 };
  const raw = episodes.flatMap((e) => {
    const s = source.stream === 'action' ? e.action : e.state;
    return s && source.columns.every((c) => c < s.dim) ? [s] : [];
  });
  const series = episodes.flatMap((e) => {
    const m = motionSeries(e, source);
    return m ? [m] : [];
  });
  if (series.length === 0) return { motionScale: null, motionSpeed: 0 };
  const dim = source.columns.length;
  const spread = columnSpread(series, dim);
  const rms = source.rates.some(Boolean)
    ? columnRms(
        raw.map((s) => pickColumns(s, source.columns)),
        dim,
      )
    : null;
  const scale = Float32Array.from(spread, (v, j) =>
    source.rates[j] && rms ? integratedScale(rms[j]!, series[0]!.timesNs) : v,
  );
  return { motionScale: scale, motionSpeed: typicalSpeed(series, scale) };
}

/**
 * What the signals compare each episode against: column spreads, ranges and usual speeds, and the
 * series the motion signals read (`rigColumns`: the state columns the dataset's rig maps onto
 * joints; left out, the default rig's rule applies).
 */
export function datasetContext(
  episodes: readonly EpisodeInput[],
  rigColumns?: MotionSchema['rigColumns'],
): DatasetContext {
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
  const source = motionSource({
    state: sameS[0]?.columns ?? null,
    action: sameA[0]?.columns ?? null,
    ...(rigColumns !== undefined ? { rigColumns } : {}),
  });
  const same = episodes.filter(
    (e) => (!e.state || e.state.dim === sDim) && (!e.action || e.action.dim === aDim),
  );
  return {
    source,
    ...motionContext(same, source),
    stateScale,
    actionScale,
    stateMin,
    stateMax,
    stateMovesIn,
    stateAtExtreme,
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
