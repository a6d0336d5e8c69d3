import type { AngleUnit } from '../common/api';
import { angleScale, pickJointStream, SO101_JOINTS } from '../common/robot/jointMapping';
import { forwardKinematics, translationOf, type KinematicChain } from '../kinematics';
import type { LoadedSeries } from '../series/readSeries';

/** The default robot's joints: what the motion stream is recognised by when no rig says otherwise. */
export const DEFAULT_ROBOT = { joints: SO101_JOINTS as readonly string[] };

export { pickJointStream };

/**
 * Factor per joint that turns recorded values into URDF units: revolute joints in radians (recordings
 * store radians or degrees; `auto` decides from the values), prismatic joints in metres as recorded.
 */
export function jointScales(
  series: LoadedSeries,
  mapping: Readonly<Record<string, number>>,
  chain: KinematicChain,
  unit: AngleUnit,
): Record<string, number> {
  const types = new Map(chain.robot.joints.map((j) => [j.name, j.type]));
  const angular = Object.keys(mapping).filter(
    (j) => types.get(j) === 'revolute' || types.get(j) === 'continuous',
  );
  let scale = unit === 'deg' ? Math.PI / 180 : 1;
  if (unit === 'auto') {
    const n = series.timesNs.length;
    const w = series.columns.length;
    let maxAbs = 0;
    for (const joint of angular)
      for (let r = 0; r < n; r++)
        maxAbs = Math.max(maxAbs, Math.abs(series.values[r * w + mapping[joint]!]!));
    scale = angleScale(maxAbs);
  }
  return Object.fromEntries(Object.keys(mapping).map((j) => [j, angular.includes(j) ? scale : 1]));
}

/**
 * Positions of `link` at up to `maxPoints` evenly spaced rows of a joint-state series, by forward
 * kinematics. `mapping` is joint name -> column index, `scales` joint name -> unit factor.
 */
export function endEffectorTrail(
  series: LoadedSeries,
  mapping: Readonly<Record<string, number>>,
  scales: Readonly<Record<string, number>>,
  chain: KinematicChain,
  link: string,
  maxPoints: number,
): { timesNs: number[]; points: number[] } {
  const n = series.timesNs.length;
  const w = series.columns.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const timesNs: number[] = [];
  const points: number[] = [];
  for (let r = 0; r < n; r += step) {
    const q: Record<string, number> = {};
    for (const [joint, col] of Object.entries(mapping))
      q[joint] = series.values[r * w + col]! * scales[joint]!;
    const pose = forwardKinematics(chain, q).get(link);
    if (!pose) break;
    timesNs.push(series.timesNs[r]!);
    points.push(...translationOf(pose));
  }
  return { timesNs, points };
}
