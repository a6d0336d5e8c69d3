// Which series column drives which robot joint. Shared by the 3D viewer (posing) and the core
// (end-effector trail), so both read a recording the same way.

/** The default robot's movable joints, in chain order. */
export const SO101_JOINTS = [
  'shoulder_pan',
  'shoulder_lift',
  'elbow_flex',
  'wrist_flex',
  'wrist_roll',
  'gripper',
] as const;

const PREFIXES = ['observation.state.', 'observation.', 'action.', 'state.', 'main_', 'follower_'];
const SUFFIXES = ['.pos', '_pos', '.position', '.q'];

/** A column name reduced to the joint name it stands for: `observation.state.shoulder_pan.pos` -> `shoulder_pan`. */
export function jointKey(column: string): string {
  let c = column.trim();
  for (const p of PREFIXES) if (c.startsWith(p)) c = c.slice(p.length);
  for (const s of SUFFIXES) if (c.endsWith(s)) c = c.slice(0, -s.length);
  return c;
}

/** Joint name -> column index, for the columns that name a joint. */
export function mapColumnsToJoints(
  columns: readonly string[],
  joints: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  const wanted = new Set(joints);
  columns.forEach((col, i) => {
    const key = wanted.has(col) ? col : jointKey(col);
    if (wanted.has(key) && out[key] === undefined) out[key] = i;
  });
  return out;
}

/** The series stream that holds joint states: the one mapping most joints, preferring observed state. */
export function pickJointStream<S extends { name: string; kind: string; columns: readonly string[] }>(
  streams: readonly S[],
  joints: readonly string[],
): { stream: S; mapping: Record<string, number> } | null {
  let best: { stream: S; mapping: Record<string, number>; score: number } | null = null;
  for (const stream of streams) {
    if (stream.kind !== 'series') continue;
    const mapping = mapColumnsToJoints(stream.columns, joints);
    const n = Object.keys(mapping).length;
    if (n < 2) continue;
    const score = n * 10 + (/state/i.test(stream.name) ? 5 : 0) + (/action/i.test(stream.name) ? -1 : 0);
    if (!best || score > best.score) best = { stream, mapping, score };
  }
  return best && { stream: best.stream, mapping: best.mapping };
}

/**
 * Recordings store joint angles in radians or in degrees (LeRobot's SO-101 driver uses degrees).
 * Angles beyond a full turn cannot be radians of a real arm, so they mean degrees.
 */
export function angleScale(maxAbs: number): number {
  return maxAbs > 2 * Math.PI + 0.5 ? Math.PI / 180 : 1;
}
