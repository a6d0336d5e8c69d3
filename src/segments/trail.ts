import { readFileSync } from 'node:fs';
import { angleScale, pickJointStream, SO101_JOINTS } from '../common/robot/jointMapping';
import { buildChain, forwardKinematics, parseUrdf, translationOf, type KinematicChain } from '../kinematics';
import { resourcePath } from '../paths';
import type { LoadedSeries } from '../series/readSeries';

export const DEFAULT_ROBOT = {
  name: 'so101',
  urdf: resourcePath('robots', 'so101', 'so101_new_calib.urdf'),
  endEffector: 'gripper_frame_link',
  joints: SO101_JOINTS as readonly string[],
};

let chain: KinematicChain | null = null;
const defaultChain = (): KinematicChain =>
  (chain ??= buildChain(parseUrdf(readFileSync(DEFAULT_ROBOT.urdf, 'utf8'))));

export { pickJointStream };

/**
 * End-effector positions at up to `maxPoints` evenly spaced rows of a joint-state series, by the
 * default robot's forward kinematics. `mapping` is joint name -> column index.
 */
export function endEffectorTrail(
  series: LoadedSeries,
  mapping: Record<string, number>,
  maxPoints: number,
): { timesNs: number[]; points: number[]; angleScale: number } {
  const c = defaultChain();
  const n = series.timesNs.length;
  const w = series.columns.length;
  let maxAbs = 0;
  for (const col of Object.values(mapping))
    for (let r = 0; r < n; r++) maxAbs = Math.max(maxAbs, Math.abs(series.values[r * w + col]!));
  const scale = angleScale(maxAbs);
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const timesNs: number[] = [];
  const points: number[] = [];
  for (let r = 0; r < n; r += step) {
    const q: Record<string, number> = {};
    for (const [joint, col] of Object.entries(mapping)) q[joint] = series.values[r * w + col]! * scale;
    const pose = forwardKinematics(c, q).get(DEFAULT_ROBOT.endEffector);
    if (!pose) break;
    timesNs.push(series.timesNs[r]!);
    points.push(...translationOf(pose));
  }
  return { timesNs, points, angleScale: scale };
}
