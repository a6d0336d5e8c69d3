/**
 * Observations and actions in an object's frame: every point is seen from the object (PushT's T),
 * translated to its position and turned by its heading. A push that works against one side of the
 * T then looks the same wherever the T lies and however it is turned, so what one demonstration
 * shows applies to every other pose; in the world's frame a policy must learn that again for each
 * pose it meets. The object's own position and heading stay as they are (the goal is fixed in the
 * world, so they say where it is), and so does every other value.
 */

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

const base = (c: string) => c.replace(/^(observation\.state|observation|action)\./, '');

/** The `<name>_x`, `<name>_y` column pairs of a list, as index pairs, with their names. */
function pointsOf(columns: readonly string[]): { name: string; pair: [number, number] }[] {
  const index = new Map(columns.map((c, i) => [base(c), i]));
  const out: { name: string; pair: [number, number] }[] = [];
  for (const [c, i] of index) {
    const name = c.match(/^(.*)_x$/)?.[1];
    const j = name === undefined ? undefined : index.get(`${name}_y`);
    if (name !== undefined && j !== undefined) out.push({ name, pair: [i, j] });
  }
  return out;
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
  const index = new Map(obsColumns.map((c, i) => [base(c), i]));
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
  const offset = frame.actions.map(([i]) => (relativeTo?.[i] ?? -1) >= 0);
  for (let r = 0; r < rows; r++) {
    const { ox, oy, c, s: sin } = pose(obs, r * obsDim, frame);
    // Turning back is the same formula with the sine's sign flipped.
    const s = direction * sin;
    for (let chunk = 0; chunk < width; chunk += actDim)
      frame.actions.forEach(([i, j], k) => {
        const a = r * width + chunk;
        const shift = offset[k] ? 0 : 1;
        if (direction === 1) {
          const dx = actions[a + i]! - shift * ox;
          const dy = actions[a + j]! - shift * oy;
          actions[a + i] = c * dx + s * dy;
          actions[a + j] = -s * dx + c * dy;
        } else {
          const dx = actions[a + i]!;
          const dy = actions[a + j]!;
          actions[a + i] = c * dx + s * dy + shift * ox;
          actions[a + j] = -s * dx + c * dy + shift * oy;
        }
      });
  }
  return actions;
}
