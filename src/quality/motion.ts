import { listColumns, type MotionSource } from './sources';
import { framePeriodNs, stepSpeeds } from './stats';
import type { DatasetContext, EpisodeInput, Series } from './types';

/** A series with its dataset scale, the dataset's typical per-step speed and what it was read from. */
export interface Motion {
  series: Series;
  scale: Float32Array;
  typicalSpeed: number;
  speeds: Float64Array;
  /** The series in plain words, for the reasons. */
  label: string;
}

export function pickColumns(s: Series, cols: readonly number[]): Series {
  const n = s.values.length / s.dim;
  const values = new Float32Array(n * cols.length);
  for (let i = 0; i < n; i++)
    cols.forEach((c, j) => (values[i * cols.length + j] = s.values[i * s.dim + c]!));
  return { columns: cols.map((c) => s.columns[c]!), dim: cols.length, values, timesNs: s.timesNs };
}

/**
 * The episode's series that `source` names, its columns picked; a rate column (a speed) becomes the
 * distance it integrates to over the frames' times, so that every column reads as a position.
 */
export function motionSeries(ep: EpisodeInput, source: MotionSource): Series | null {
  const s = source.stream === 'action' ? ep.action : ep.state;
  if (!s || source.columns.some((c) => c >= s.dim)) return null;
  const out = pickColumns(s, source.columns);
  if (!source.rates.some(Boolean)) return out;
  const n = out.values.length / out.dim;
  for (let j = 0; j < out.dim; j++) {
    if (!source.rates[j]) continue;
    let sum = 0;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const rate = out.values[i * out.dim + j]!;
      const dt = i > 0 ? (out.timesNs[i]! - out.timesNs[i - 1]!) / 1e9 : 0;
      sum += previous * dt;
      previous = rate;
      out.values[i * out.dim + j] = sum;
    }
  }
  return out;
}

/** A rate column's scale once integrated: its typical magnitude over one frame period. */
export function integratedScale(rms: number, timesNs: ArrayLike<number>): number {
  const v = rms * (framePeriodNs(timesNs) / 1e9);
  return v > 1e-12 ? v : 1;
}

const unitScale = (dim: number) => new Float32Array(dim).fill(1);

/**
 * How the robot moved, read from the dataset's motion source (its pose, else its commands). Speeds
 * are in units of each column's dataset spread; the typical speed is the dataset's median.
 */
export function robotMotion(ep: EpisodeInput, ctx: DatasetContext): Motion | null {
  if (!ctx.source) return null;
  const series = motionSeries(ep, ctx.source);
  if (!series || series.values.length / series.dim < 3) return null;
  const scale = ctx.motionScale ?? unitScale(series.dim);
  return {
    series,
    scale,
    typicalSpeed: ctx.motionSpeed,
    speeds: stepSpeeds(series.values, series.dim, scale),
    label: ctx.source.label,
  };
}

/** What the operator commanded (the action as recorded), else the robot's motion. */
export function actionMotion(ep: EpisodeInput, ctx: DatasetContext): Motion | null {
  const s = ep.action;
  if (!s || s.values.length / s.dim < 3) return robotMotion(ep, ctx);
  const scale = ctx.actionScale ?? unitScale(s.dim);
  return {
    series: s,
    scale,
    typicalSpeed: ctx.actionSpeed,
    speeds: stepSpeeds(s.values, s.dim, scale),
    label: `commands in action ${listColumns(s.columns)}`,
  };
}
