/**
 * Observations and actions in an object's frame: every point is seen from the object (PushT's T),
 * translated to its position and turned by its heading. A push that works against one side of the
 * T then looks the same wherever the T lies and however it is turned, so what one demonstration
 * shows applies to every other pose; in the world's frame a policy must learn that again for each
 * pose it meets. The object's own position and heading stay as they are (the goal is fixed in the
 * world, so they say where it is), and so does every other value.
 */

import { columnIndex, pointsOf } from './columns';

/** Which values form the frame and which points are seen from it (indices into a row). */
export interface ObjectFrame {
  /** Observation indices of the object's position and heading (radians, counter-clockwise). */
  x: number;
  y: number;
  angle: number;
  /** Observation index pairs (x, y) of the other points, expressed in the object's frame. */
  points: [number, number][];
  /**
   * Action index pairs (x, y) of points: turned into the frame, and moved to its origin unless
   * they are learned relative to an observation value (an offset is only turned).
   */
  actions: [number, number][];
}

/**
 * The frame of object `name`: its `<name>_x`, `<name>_y` and `<name>_angle` observation columns;
 * every other `<p>_x`, `<p>_y` observation pair and every such action pair is seen from it. Throws,
 * naming the columns, when the object is missing or no action is a point.
 */
export function frameByName(
  name: string,
  obsColumns: readonly string[],
  actionColumns: readonly string[],
): ObjectFrame {
  const index = columnIndex(obsColumns);
  const [x, y, angle] = ['x', 'y', 'angle'].map((axis) => index.get(`${name}_${axis}`));
  if (x === undefined || y === undefined || angle === undefined)
    throw new Error(
      `object frame "${name}" needs observation columns ${name}_x, ${name}_y and ${name}_angle; observations: ${obsColumns.join(', ')}`,
    );
  const actions = pointsOf(actionColumns).map((p) => p.pair);
  if (actions.length === 0)
    throw new Error(
      `object frame "${name}": no action is a point (a <name>_x, <name>_y pair); actions: ${actionColumns.join(', ')}`,
    );
  const points = pointsOf(obsColumns)
    .filter((p) => p.name !== name)
    .map((p) => p.pair);
  return { x, y, angle, points, actions };
}

/** Checks a frame against the data's shape. */
export function validateFrame(frame: ObjectFrame, obsDim: number, actDim: number): void {
  const obsIndices = [frame.x, frame.y, frame.angle, ...frame.points.flat()];
  const bad = obsIndices.find((i) => !Number.isInteger(i) || i < 0 || i >= obsDim);
  if (bad !== undefined) throw new Error(`object frame: observation ${bad} is outside 0-${obsDim - 1}`);
  const badAction = frame.actions.flat().find((i) => !Number.isInteger(i) || i < 0 || i >= actDim);
  if (badAction !== undefined)
    throw new Error(`object frame: action ${badAction} is outside 0-${actDim - 1}`);
}

/** Row-major observations [rows, obsDim] with every point seen from the object (a new array). */
export function obsInFrame(obs: Float32Array, frame: ObjectFrame, obsDim: number): Float32Array {
  const out = Float32Array.from(obs);
  for (let at = 0; at < obs.length; at += obsDim) {
    const { ox, oy, c, s } = pose(obs, at, frame);
    for (const [i, j] of frame.points) {
      const dx = obs[at + i]! - ox;
      const dy = obs[at + j]! - oy;
      out[at + i] = c * dx + s * dy;
      out[at + j] = -s * dx + c * dy;
    }
  }
  return out;
}

/**
 * Actions [rows, width] (each row a chunk of `width / actDim` actions, as learned: offsets where
 * `relativeTo` says so) seen from the object in that row's observation (a new array).
 */
export function actionsInFrame(
  actions: Float32Array,
  obs: Float32Array,
  frame: ObjectFrame,
  relativeTo: readonly number[] | undefined,
  actDim: number,
  obsDim: number,
): Float32Array {
  return turnActions(Float32Array.from(actions), obs, frame, relativeTo, actDim, obsDim, 1);
}

/** The inverse of `actionsInFrame`, in place: actions back in the world's frame. */
export function actionsFromFrame(
  actions: Float32Array,
  obs: Float32Array,
  frame: ObjectFrame,
  relativeTo: readonly number[] | undefined,
  actDim: number,
  obsDim: number,
): Float32Array {
  return turnActions(actions, obs, frame, relativeTo, actDim, obsDim, -1);
}

function pose(obs: Float32Array, at: number, frame: ObjectFrame) {
  const angle = obs[at + frame.angle]!;
  return { ox: obs[at + frame.x]!, oy: obs[at + frame.y]!, c: Math.cos(angle), s: Math.sin(angle) };
}

/**
 * Into the frame (`direction` 1): move to the object's origin, then turn by minus its heading. Back
 * (-1): turn by its heading, then move back. Offsets (relative actions) are only turned.
 */
function turnActions(
  actions: Float32Array,
  obs: Float32Array,
  frame: ObjectFrame,
  relativeTo: readonly number[] | undefined,
  actDim: number,
  obsDim: number,
  direction: 1 | -1,
): Float32Array {
  const rows = obs.length / obsDim;
  const width = actions.length / rows;
  const moves = frame.actions.map(([i]) => (relativeTo?.[i] ?? -1) < 0);
  for (let r = 0; r < rows; r++) {
    const { ox, oy, c, s } = pose(obs, r * obsDim, frame);
    const sin = direction * s;
    for (let a = r * width; a < (r + 1) * width; a += actDim)
      frame.actions.forEach(([i, j], k) => {
        const before = moves[k] && direction === 1 ? 1 : 0;
        const after = moves[k] && direction === -1 ? 1 : 0;
        const dx = actions[a + i]! - before * ox;
        const dy = actions[a + j]! - before * oy;
        actions[a + i] = c * dx + sin * dy + after * ox;
        actions[a + j] = -sin * dx + c * dy + after * oy;
      });
  }
  return actions;
}
