/**
 * Actions learned relative to the observation: a joint target as its offset from the joint's
 * current position, the representation that lets a cloned policy at a high control rate move at
 * all (an absolute target a few milliradians ahead of the joint is within the regression's error,
 * so the policy stalls). `relativeTo[d]` is the index of the observation value action dimension
 * `d` is an offset from, or -1 for an absolute dimension.
 */
import { columnIndex, columnName, pointsOf } from './columns';

/** Checks a mapping against the data's shape; an empty or absent mapping means all absolute. */
export function validateRelativeTo(relativeTo: readonly number[], obsDim: number, actDim: number): void {
  if (relativeTo.length !== actDim)
    throw new Error(
      `relative actions: expected one entry per action dimension (${actDim}), got ${relativeTo.length}`,
    );
  for (const [d, i] of relativeTo.entries())
    if (!Number.isInteger(i) || i < -1 || i >= obsDim)
      throw new Error(`relative actions: action ${d} refers to observation ${i}, outside 0-${obsDim - 1}`);
}

/** Row-major actions [rows, actDim] minus the observation values they are relative to. */
export function toRelative(
  actions: Float32Array,
  obs: Float32Array,
  relativeTo: readonly number[],
  actDim: number,
  obsDim: number,
): Float32Array {
  const out = Float32Array.from(actions);
  const rows = actions.length / actDim;
  for (let r = 0; r < rows; r++)
    for (let d = 0; d < actDim; d++) {
      const i = relativeTo[d]!;
      if (i >= 0) out[r * actDim + d] = out[r * actDim + d]! - obs[r * obsDim + i]!;
    }
  return out;
}

/** The inverse of `toRelative`, in place: adds back the observation values. */
export function toAbsolute(
  actions: Float32Array,
  obs: Float32Array,
  relativeTo: readonly number[] | undefined,
  actDim: number,
  obsDim: number,
): Float32Array {
  if (!relativeTo?.length) return actions;
  const rows = actions.length / actDim;
  for (let r = 0; r < rows; r++)
    for (let d = 0; d < actDim; d++) {
      const i = relativeTo[d]!;
      if (i >= 0) actions[r * actDim + d] = actions[r * actDim + d]! + obs[r * obsDim + i]!;
    }
  return actions;
}

/**
 * The mapping that pairs each action column with the observation column of the same name (the
 * SO-101's joint targets with its joint positions); -1 where none has it. Throws when no action
 * column has a partner, naming both lists, since relative actions would then change nothing.
 */
export function relativeToByName(actionColumns: readonly string[], obsColumns: readonly string[]): number[] {
  const index = columnIndex(obsColumns);
  const out = actionColumns.map((c) => index.get(columnName(c)) ?? -1);
  if (out.every((i) => i < 0))
    throw new Error(
      `relative actions need an action column named like an observation column; actions: ${actionColumns.join(', ')}; observations: ${obsColumns.join(', ')}`,
    );
  return out;
}

/**
 * The mapping that learns every action point (`<q>_x`, `<q>_y`) as its offset from observation
 * point `point` (`<point>_x`, `<point>_y`): PushT's target from the agent. Throws, naming the
 * columns, when the observation has no such point or no action is a point.
 */
export function relativeToPoint(
  actionColumns: readonly string[],
  obsColumns: readonly string[],
  point: string,
): number[] {
  const origin = pointsOf(obsColumns).find((p) => p.name === point);
  if (!origin)
    throw new Error(
      `actions relative to "${point}" need observation columns ${point}_x and ${point}_y; observations: ${obsColumns.join(', ')}`,
    );
  const targets = pointsOf(actionColumns);
  if (targets.length === 0)
    throw new Error(
      `actions relative to "${point}": no action is a point (<name>_x, <name>_y); actions: ${actionColumns.join(', ')}`,
    );
  const out = actionColumns.map(() => -1);
  for (const { pair } of targets) [out[pair[0]], out[pair[1]]] = origin.pair;
  return out;
}
