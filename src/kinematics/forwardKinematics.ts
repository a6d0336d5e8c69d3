/** Forward kinematics over a URDF tree: every link's pose in the root frame for a joint configuration. */
import { fromAxisAngle, fromTranslation, fromXyzRpy, identity, multiply, type Mat4 } from './transform';
import type { UrdfJoint, UrdfRobot } from './urdf';

export type JointValues = Readonly<Record<string, number>>;

/** Joints in an order where every parent comes before its children, built once per robot. */
export interface KinematicChain {
  robot: UrdfRobot;
  ordered: readonly UrdfJoint[];
  origins: ReadonlyMap<string, Mat4>;
}

export function buildChain(robot: UrdfRobot): KinematicChain {
  const byParent = new Map<string, UrdfJoint[]>();
  for (const j of robot.joints) byParent.set(j.parent, [...(byParent.get(j.parent) ?? []), j]);
  const ordered: UrdfJoint[] = [];
  const stack = [robot.root];
  while (stack.length > 0) {
    const link = stack.pop()!;
    for (const j of byParent.get(link) ?? []) {
      ordered.push(j);
      stack.push(j.child);
    }
  }
  const origins = new Map(robot.joints.map((j) => [j.name, fromXyzRpy(j.origin.xyz, j.origin.rpy)]));
  return { robot, ordered, origins };
}

/** The joint's own motion for value q: rotation about or translation along its axis. */
export function jointMotion(joint: UrdfJoint, q: number): Mat4 {
  switch (joint.type) {
    case 'revolute':
    case 'continuous':
      return fromAxisAngle(joint.axis, q);
    case 'prismatic':
      return fromTranslation([joint.axis[0] * q, joint.axis[1] * q, joint.axis[2] * q]);
    default:
      return identity();
  }
}

/**
 * World (root-frame) transform of every link. Missing joint values count as 0; values are not
 * clamped to limits (use clampToLimits when commanding a robot).
 */
export function forwardKinematics(
  chain: KinematicChain,
  q: JointValues,
  base: Mat4 = identity(),
): Map<string, Mat4> {
  const poses = new Map<string, Mat4>([[chain.robot.root, base]]);
  for (const j of chain.ordered) {
    const parent = poses.get(j.parent)!;
    const local = multiply(chain.origins.get(j.name)!, jointMotion(j, q[j.name] ?? 0));
    poses.set(j.child, multiply(parent, local));
  }
  return poses;
}

export function clampToLimits(robot: UrdfRobot, q: JointValues): Record<string, number> {
  const out: Record<string, number> = { ...q };
  for (const j of robot.joints) {
    const v = out[j.name];
    if (v === undefined || !j.limit || j.type === 'continuous') continue;
    out[j.name] = Math.min(j.limit.upper, Math.max(j.limit.lower, v));
  }
  return out;
}

/** Names of the joints that move (everything but fixed), in tree order. */
export function movableJoints(chain: KinematicChain): string[] {
  return chain.ordered.filter((j) => j.type !== 'fixed').map((j) => j.name);
}
