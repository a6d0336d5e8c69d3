import { describe, expect, it } from 'vitest';
import { gripperPose } from '../../../src/sim/arm/ik';
import { solveIkDls } from '../../../src/sim/arm/dlsIk';
import { ARM_JOINTS, so101Chain } from '../../../src/sim/arm/so101';
import { Rng } from '../../../src/sim/random';

const chain = so101Chain();
const limits = ARM_JOINTS.map((n) => chain.robot.joints.find((j) => j.name === n)!.limit!);
const within = (q: readonly number[]) =>
  q.every((v, i) => v >= limits[i]!.lower - 1e-12 && v <= limits[i]!.upper + 1e-12);
const dist = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

describe('damped least squares IK on the SO-101', () => {
  it('reaches reachable targets within 1 mm, inside the joint limits', () => {
    const rng = new Rng(11);
    const home = [0, -0.5, 0.6, 0.9, 0, 0.5];
    let reached = 0;
    for (let k = 0; k < 40; k++) {
      // A target the arm can reach: the gripper where a random pose within the limits puts it,
      // not too far from the start (the gizmo drags in small moves).
      const pose = home.map((v, i) => {
        const l = limits[i]!;
        return Math.min(l.upper, Math.max(l.lower, v + rng.uniform(-0.5, 0.5)));
      });
      const target = gripperPose(chain, pose).position;
      const answer = solveIkDls(chain, home, target);
      expect(within(answer.joints)).toBe(true);
      if (answer.status === 'reached') {
        reached++;
        expect(answer.error).toBeLessThan(1e-3);
        expect(dist(gripperPose(chain, answer.joints).position, target)).toBeLessThan(1e-3);
        // Wrist roll and gripper are the expert's: left as they were.
        expect(answer.joints[4]).toBe(home[4]);
        expect(answer.joints[5]).toBe(home[5]);
      }
    }
    expect(reached).toBeGreaterThanOrEqual(38);
  });

  it('follows a dragged target in small steps', () => {
    let q = [0, -0.5, 0.6, 0.9, 0, 0.5];
    const p0 = gripperPose(chain, q).position;
    for (let s = 1; s <= 20; s++) {
      const target: [number, number, number] = [p0[0] + 0.003 * s, p0[1] - 0.002 * s, p0[2] + 0.002 * s];
      const answer = solveIkDls(chain, q, target);
      expect(answer.status).toBe('reached');
      q = answer.joints;
    }
  });

  it('stays put for an unreachable target and says so', () => {
    const start = [0.2, -0.4, 0.5, 0.8, 0.1, 0.3];
    const p = gripperPose(chain, start).position;
    const far: [number, number, number] = [p[0] + 2, p[1], p[2]];
    const answer = solveIkDls(chain, start, far);
    expect(answer.status).toBe('unreachable');
    expect(answer.joints).toEqual(start);
    expect(answer.error).toBeGreaterThan(1);
  });

  it('clamps a start outside the limits and never leaves them', () => {
    // The lift and elbow asked beyond their limits: solved from the clamped pose, inside the limits.
    const start = [0, limits[1]!.lower - 0.4, limits[2]!.upper + 0.4, 0.9, 0, 0.5];
    const target = gripperPose(chain, [0.3, -0.3, 0.8, 0.7, 0, 0.5]).position;
    const answer = solveIkDls(chain, start, target);
    expect(answer.status).toBe('reached');
    expect(within(answer.joints)).toBe(true);
    // A target that needs the elbow past its limit: the answer stays within the limits.
    for (const z of [0.02, 0.1, 0.3, 0.45]) {
      const edge = solveIkDls(chain, [0, -0.5, 0.6, 0.9, 0, 0.5], [0.05, 0, z]);
      expect(within(edge.joints)).toBe(true);
    }
  });
});
