/**
 * Inverse kinematics for the SO-101, closed form. Pan turns the arm about a vertical axis; lift,
 * elbow and wrist flex share one horizontal axis direction, so the rest is a planar three-link
 * problem in the vertical plane through the pan axis. The link vectors are read from the URDF at
 * the zero pose (not typed in), and the answer is checked by forward kinematics.
 */
import { axisOf, forwardKinematics, translationOf, type KinematicChain } from '../../kinematics';
import { ARM_JOINTS, GRIPPER_FRAME, jointRecord } from './so101';

export interface GripperPose {
  position: [number, number, number];
  /** Unit approach direction (the gripper frame's z axis). */
  approach: [number, number, number];
}

export function gripperPose(chain: KinematicChain, q: ArrayLike<number>): GripperPose {
  const m = forwardKinematics(chain, jointRecord(q)).get(GRIPPER_FRAME)!;
  return { position: translationOf(m), approach: axisOf(m, 2) };
}

interface PlanarModel {
  /** Pan axis position (x, y) on the table plane. */
  panX: number;
  panY: number;
  /** Points in the arm plane (u: horizontal from the pan axis, z: height) at the zero pose. */
  lift: [number, number];
  link2: [number, number];
  link3: [number, number];
  tool: [number, number];
  limits: { lower: number; upper: number }[];
}

const models = new WeakMap<KinematicChain, PlanarModel>();

function planarModel(chain: KinematicChain): PlanarModel {
  let model = models.get(chain);
  if (model) return model;
  const poses = forwardKinematics(chain, {});
  const at = (link: string): [number, number, number] => translationOf(poses.get(link)!);
  const pan = at('shoulder_link');
  const plane = (p: [number, number, number]): [number, number] => [p[0] - pan[0], p[2]];
  const p1 = plane(at('upper_arm_link'));
  const p2 = plane(at('lower_arm_link'));
  const p3 = plane(at('wrist_link'));
  const p4 = plane(at(GRIPPER_FRAME));
  model = {
    panX: pan[0],
    panY: pan[1],
    lift: p1,
    link2: [p2[0] - p1[0], p2[1] - p1[1]],
    link3: [p3[0] - p2[0], p3[1] - p2[1]],
    tool: [p4[0] - p3[0], p4[1] - p3[1]],
    limits: ARM_JOINTS.map(
      (name) => chain.robot.joints.find((j) => j.name === name)?.limit ?? { lower: -Math.PI, upper: Math.PI },
    ),
  };
  models.set(chain, model);
  return model;
}

/** Rotation of a plane vector by a positive joint angle: forward tips down (right-hand about +y). */
function rotate(v: readonly [number, number], q: number): [number, number] {
  const c = Math.cos(q);
  const s = Math.sin(q);
  return [v[0] * c + v[1] * s, -v[0] * s + v[1] * c];
}

/**
 * Joints (ARM_JOINTS order) that put the gripper frame at `target` with the approach axis pitched
 * `pitch` below horizontal (pi/2: straight down). Pitch is relaxed step by step when the target
 * is out of reach with it; wrist roll and gripper are copied from `current`.
 * Returns undefined when no pitch reaches the target within the joint limits.
 */
export function solveIk(
  chain: KinematicChain,
  current: ArrayLike<number>,
  target: readonly [number, number, number],
  pitch = Math.PI / 2,
): Float64Array | undefined {
  const m = planarModel(chain);
  const dx = target[0] - m.panX;
  const dy = target[1] - m.panY;
  // The pan axis points down (-z in the world), so a positive pan turns the arm toward -y.
  const pan = -Math.atan2(dy, dx);
  const u = Math.hypot(dx, dy);
  const prefer = current[2] ?? 0;
  for (let k = 0; k <= 24; k++) {
    // Try pitch, then pitch -/+ 7.5 degrees, -/+ 15 ... : the smallest change that reaches.
    const tilt = pitch + (k % 2 === 0 ? -1 : 1) * Math.ceil(k / 2) * (Math.PI / 24);
    const sol = planar(m, [u, target[2]], tilt, prefer);
    if (!sol) continue;
    const q = Float64Array.from({ length: 6 }, (_, i) => current[i] ?? 0);
    q[0] = pan;
    q[1] = sol[0];
    q[2] = sol[1];
    q[3] = sol[2];
    if (withinLimits(m, q)) return refine(chain, m, q, target, tilt);
  }
  return undefined;
}

/**
 * The gripper frame sits 8 mm off the wrist-roll axis, so a rolled wrist moves it out of the
 * plane model. Aim the plane solution at a shifted target until forward kinematics lands on the
 * real one (a few fixed-point steps; the shift barely changes between them).
 */
function refine(
  chain: KinematicChain,
  m: PlanarModel,
  q: Float64Array,
  target: readonly [number, number, number],
  tilt: number,
): Float64Array {
  let aim: [number, number, number] = [target[0], target[1], target[2]];
  let best = q;
  for (let it = 0; it < 4; it++) {
    const p = gripperPose(chain, best).position;
    const e = [target[0] - p[0], target[1] - p[1], target[2] - p[2]];
    if (Math.hypot(e[0]!, e[1]!, e[2]!) < 1e-5) break;
    aim = [aim[0] + e[0]!, aim[1] + e[1]!, aim[2] + e[2]!];
    const dx = aim[0] - m.panX;
    const dy = aim[1] - m.panY;
    const sol = planar(m, [Math.hypot(dx, dy), aim[2]], tilt, best[2]!);
    if (!sol) break;
    const next = Float64Array.from(best);
    next[0] = -Math.atan2(dy, dx);
    next[1] = sol[0];
    next[2] = sol[1];
    next[3] = sol[2];
    if (!withinLimits(m, next)) break;
    best = next;
  }
  return best;
}

function planar(
  m: PlanarModel,
  tool: [number, number],
  tilt: number,
  prefer: number,
): [number, number, number] | undefined {
  // Wrist axis position: back off the rotated tool vector from the target.
  const t = rotate(m.tool, tilt);
  const w: [number, number] = [tool[0] - t[0] - m.lift[0], tool[1] - t[1] - m.lift[1]];
  const l2 = Math.hypot(m.link2[0], m.link2[1]);
  const l3 = Math.hypot(m.link3[0], m.link3[1]);
  const psi2 = Math.atan2(m.link2[1], m.link2[0]);
  const psi3 = Math.atan2(m.link3[1], m.link3[0]);
  const d2 = w[0] * w[0] + w[1] * w[1];
  const cosBeta = (d2 - l2 * l2 - l3 * l3) / (2 * l2 * l3);
  if (Math.abs(cosBeta) > 1) return undefined;
  const options: [number, number, number][] = [];
  for (const sign of [1, -1]) {
    // beta: angle from link 2's direction to link 3's direction after rotation.
    const beta = sign * Math.acos(cosBeta);
    const q2 = psi3 - psi2 - beta;
    const q1 = psi2 + Math.atan2(l3 * Math.sin(beta), l2 + l3 * Math.cos(beta)) - Math.atan2(w[1], w[0]);
    const q3 = tilt - q1 - q2;
    options.push([wrap(q1), wrap(q2), wrap(q3)]);
  }
  // Stay on the elbow branch the arm is already on, to avoid flipping mid-motion.
  options.sort((a, b) => Math.abs(a[1] - prefer) - Math.abs(b[1] - prefer));
  return (
    options.find((o) => o.every((v, i) => v >= m.limits[i + 1]!.lower && v <= m.limits[i + 1]!.upper)) ??
    options[0]
  );
}

function withinLimits(m: PlanarModel, q: Float64Array): boolean {
  for (let i = 0; i < 4; i++)
    if (q[i]! < m.limits[i]!.lower - 1e-9 || q[i]! > m.limits[i]!.upper + 1e-9) return false;
  return true;
}

function wrap(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}
