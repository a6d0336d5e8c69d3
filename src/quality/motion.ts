import { stepSpeeds } from './stats';
import type { DatasetContext, EpisodeInput, Series } from './types';

/** A series with its dataset scale and the dataset's typical per-step speed in scaled units. */
export interface Motion {
  series: Series;
  scale: Float32Array;
  typicalSpeed: number;
  speeds: Float64Array;
}

const unitScale = (dim: number) => new Float32Array(dim).fill(1);

/**
 * The state columns that are joints: those named like an action column (a robot's joints and their
 * targets), or all of them when state and action have the same width; none otherwise (objects and
 * goals may rightly stand still).
 */
export function jointColumns(state: Series, action: Series | null): number[] {
  if (!action) return [];
  const named = state.columns.flatMap((c, d) => (action.columns.includes(c) ? [d] : []));
  if (named.length > 0) return named;
  return state.dim === action.dim ? state.columns.map((_, d) => d) : [];
}

export function pickColumns(s: Series, cols: readonly number[]): Series {
  const n = s.values.length / s.dim;
  const values = new Float32Array(n * cols.length);
  for (let i = 0; i < n; i++)
    cols.forEach((c, j) => (values[i * cols.length + j] = s.values[i * s.dim + c]!));
  return { columns: cols.map((c) => s.columns[c]!), dim: cols.length, values, timesNs: s.timesNs };
}

/**
 * How the robot moved, as measured: the state's joint columns when the state names them, else the
 * whole state, else the commanded action. Speeds are in units of each column's dataset spread; the
 * typical speed is the dataset's median over the same columns.
 */
export function robotMotion(ep: EpisodeInput, ctx: DatasetContext): Motion | null {
  const joints = ep.state ? jointColumns(ep.state, ep.action) : [];
  if (!ep.state || joints.length === 0) return stateMotion(ep, ctx);
  const series = pickColumns(ep.state, joints);
  if (series.values.length / series.dim < 3) return null;
  const full = ctx.stateScale ?? unitScale(ep.state.dim);
  const scale = Float32Array.from(joints, (c) => full[c]!);
  return {
    series,
    scale,
    typicalSpeed: ctx.jointSpeed,
    speeds: stepSpeeds(series.values, series.dim, scale),
  };
}

/** What the robot did (the state), else what it was told (the action). */
export function stateMotion(ep: EpisodeInput, ctx: DatasetContext): Motion | null {
  const s = ep.state ?? ep.action;
  if (!s || s.values.length / s.dim < 3) return null;
  const isState = s === ep.state;
  const scale = (isState ? ctx.stateScale : ctx.actionScale) ?? unitScale(s.dim);
  return {
    series: s,
    scale,
    typicalSpeed: isState ? ctx.stateSpeed : ctx.actionSpeed,
    speeds: stepSpeeds(s.values, s.dim, scale),
  };
}

/** What the operator commanded (the action), else the state. */
export function actionMotion(ep: EpisodeInput, ctx: DatasetContext): Motion | null {
  const s = ep.action ?? ep.state;
  if (!s || s.values.length / s.dim < 3) return null;
  const isAction = s === ep.action;
  const scale = (isAction ? ctx.actionScale : ctx.stateScale) ?? unitScale(s.dim);
  return {
    series: s,
    scale,
    typicalSpeed: isAction ? ctx.actionSpeed : ctx.stateSpeed,
    speeds: stepSpeeds(s.values, s.dim, scale),
  };
}
