import { jointKey, mapColumnsToJoints, SO101_JOINTS } from '../common/robot/jointMapping';

/**
 * Which series the motion signals read, decided once per dataset from its schema (column names) and
 * rig, never from the environment's name: the robot's pose when the data carries one (joint
 * positions the rig maps, end-effector coordinates, state columns that the action commands by
 * name), else the commands themselves. A state that is not a pose (a lane offset, a speed, a
 * curvature ahead) is never read as motion.
 */
export interface MotionSource {
  kind: 'pose' | 'action';
  stream: 'observation.state' | 'action';
  /** Column indexes of that stream, in order. */
  columns: readonly number[];
  /** Per picked column: it holds a rate (a speed), read as the distance it integrates to. */
  rates: readonly boolean[];
  /** In plain words, for the reasons: "joint positions in observation.state [a, b, c]". */
  label: string;
}

/** What the choice depends on: the state's and action's columns and the state columns the rig maps. */
export interface MotionSchema {
  state: readonly string[] | null;
  action: readonly string[] | null;
  /**
   * State columns the dataset's rig maps onto robot joints; undefined: not known (no workspace), so
   * the default rig's rule applies (the SO-101's joints matched by name).
   */
  rigColumns?: readonly string[] | null;
}

/** A column holding a rate rather than a position (speed, velocity, angular rate, a time derivative). */
const RATE = /(speed|vel(ocity)?|omega|angular_rate|yaw_rate|_dot|twist)([._]|$)/i;
/** End-effector coordinates: `ee_x`, `eef_pos_0`, `end_effector.position.y`, `tcp_z`, `agent_x`. */
const END_EFFECTOR = /(^|[._])(ee|eef|end_?effector|tcp|tool|tip|agent)([._]?pos(ition)?)?[._]?([xyz]|\d)$/i;

export const listColumns = (names: readonly string[]) =>
  `[${names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')} +${names.length - 3}`}]`;

function pose(state: readonly string[], columns: number[], what: string): MotionSource {
  return {
    kind: 'pose',
    stream: 'observation.state',
    columns,
    rates: columns.map(() => false),
    label: `${what} in observation.state ${listColumns(columns.map((c) => state[c]!))}`,
  };
}

/** The state columns that are a pose, and what kind, by the rig and then by name. */
function poseColumns(s: MotionSchema): { columns: number[]; what: string } | null {
  const state = s.state;
  if (!state) return null;
  const rig =
    s.rigColumns === undefined
      ? Object.values(mapColumnsToJoints(state, SO101_JOINTS))
      : (s.rigColumns ?? []).map((c) => state.indexOf(c)).filter((i) => i >= 0);
  if (rig.length >= 2) return { columns: rig.sort((a, b) => a - b), what: 'joint positions' };
  const ee = state.flatMap((c, i) => (END_EFFECTOR.test(c) ? [i] : []));
  if (ee.length >= 2) return { columns: ee, what: 'end-effector position' };
  const commanded = new Set((s.action ?? []).map(jointKey));
  const named = state.flatMap((c, i) => (commanded.has(jointKey(c)) && !RATE.test(c) ? [i] : []));
  if (named.length >= 1) return { columns: named, what: 'commanded joint positions' };
  return null;
}

/** Where the motion signals read the robot's motion: its pose when present, else its commands. */
export function motionSource(s: MotionSchema): MotionSource | null {
  const p = poseColumns(s);
  if (p && s.state) return pose(s.state, p.columns, p.what);
  const action = s.action;
  if (!action || action.length === 0) return null;
  const rates = action.map((c) => RATE.test(c));
  const integrated = action.filter((_, i) => rates[i]);
  return {
    kind: 'action',
    stream: 'action',
    columns: action.map((_, i) => i),
    rates,
    label:
      `commands in action ${listColumns(action)}` +
      (integrated.length ? `, ${integrated.join(', ')} integrated to distance` : ''),
  };
}
