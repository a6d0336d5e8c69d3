/**
 * Position inverse kinematics for the SO-101 by damped least squares over the simulator's own
 * forward kinematics: the gripper frame is moved to a target point with the pan, lift, elbow and
 * wrist-flex joints (wrist roll and gripper stay as given), each step clamped to the URDF's joint
 * limits. A target it cannot reach within the tolerance leaves the joints where they were.
 */
import type { KinematicChain } from '../../kinematics';
import { ARM_JOINTS } from './so101';
import { gripperPose } from './ik';

export type IkStatus = 'reached' | 'unreachable';

export interface IkAnswer {
  /** ARM_JOINTS order: the solution, or the starting joints unchanged when unreachable. */
  joints: number[];
  status: IkStatus;
  /** Distance (m) from the gripper frame to the target: at the solution, else at the best found. */
  error: number;
  iterations: number;
}

export interface IkOptions {
  /** Reached within this distance (m); default 1 mm. */
  tolerance?: number;
  /** Damping (m); default 0.02. */
  damping?: number;
  maxIterations?: number;
}

/** The joints the solver moves (indices into ARM_JOINTS): pan, lift, elbow, wrist flex. */
const ACTIVE = [0, 1, 2, 3] as const;
const H = 1e-6;

export function solveIkDls(
  chain: KinematicChain,
  start: ArrayLike<number>,
  target: readonly [number, number, number],
  o: IkOptions = {},
): IkAnswer {
  const tolerance = o.tolerance ?? 1e-3;
  const lambda2 = (o.damping ?? 0.02) ** 2;
  const maxIterations = o.maxIterations ?? 200;
  const limits = ARM_JOINTS.map(
    (name) => chain.robot.joints.find((j) => j.name === name)?.limit ?? { lower: -Math.PI, upper: Math.PI },
  );
  const clamp = (i: number, v: number) => Math.min(limits[i]!.upper, Math.max(limits[i]!.lower, v));
  const startJoints = Array.from({ length: ARM_JOINTS.length }, (_, i) => start[i] ?? 0);
  const residual = (joints: readonly number[]) => {
    const p = gripperPose(chain, joints).position;
    return [target[0] - p[0], target[1] - p[1], target[2] - p[2]] as const;
  };
  // From the start (clamped); stuck against a limit short of the target, again from a bent pose
  // facing the target (a local method needs a start on the right side of the limits).
  const facing = -Math.atan2(target[1], target[0]);
  const seeds = [startJoints, [facing, 0, 0.8, 0.8, startJoints[4]!, startJoints[5]!]];
  let best: { q: number[]; err: number; it: number } | null = null;
  for (const seed of seeds) {
    const tried = descend(seed.map((v, i) => clamp(i, v)));
    if (!best || tried.err < best.err) best = tried;
    if (best.err <= tolerance) break;
  }
  const { q, err, it } = best!;
  return err <= tolerance
    ? { joints: q, status: 'reached', error: err, iterations: it }
    : { joints: startJoints, status: 'unreachable', error: err, iterations: it };

  function descend(q: number[]): { q: number[]; err: number; it: number } {
    let e = residual(q);
    let err = Math.hypot(...e);
    let it = 0;
    for (; it < maxIterations && err > tolerance; it++) {
      // Jacobian columns by forward differences of the forward kinematics.
      const cols = ACTIVE.map((j) => {
        const dq = [...q];
        dq[j] = q[j]! + H;
        const r = residual(dq);
        return [(e[0] - r[0]) / H, (e[1] - r[1]) / H, (e[2] - r[2]) / H];
      });
      // dq = J^T (J J^T + lambda^2 I)^-1 e, with J J^T a 3 x 3 matrix.
      const a = [0, 1, 2].map((r) =>
        [0, 1, 2].map((c) => cols.reduce((s, col) => s + col[r]! * col[c]!, 0) + (r === c ? lambda2 : 0)),
      );
      const y = solve3(a, [e[0], e[1], e[2]]);
      const step = cols.map((col) => col[0]! * y[0] + col[1]! * y[1] + col[2]! * y[2]);
      // The step clamped to the limits, halved while it does not bring the gripper closer.
      let moved = false;
      for (let scale = 1; scale > 1 / 64 && !moved; scale /= 2) {
        const next = [...q];
        ACTIVE.forEach((j, k) => (next[j] = clamp(j, q[j]! + scale * step[k]!)));
        const ne = residual(next);
        const nerr = Math.hypot(...ne);
        if (nerr < err - 1e-9) {
          q.splice(0, q.length, ...next);
          e = ne;
          err = nerr;
          moved = true;
        }
      }
      // No progress (a joint limit or the edge of the workspace): stop here.
      if (!moved) break;
    }
    return { q, err, it };
  }
}

/** Solves a 3 x 3 system by Cramer's rule (the matrix is symmetric positive definite). */
function solve3(a: number[][], b: readonly [number, number, number]): [number, number, number] {
  const det = (m: number[][]) =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
    m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
    m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const d = det(a);
  const withColumn = (c: number) => a.map((row, r) => row.map((v, k) => (k === c ? b[r]! : v)));
  return [det(withColumn(0)) / d, det(withColumn(1)) / d, det(withColumn(2)) / d];
}
