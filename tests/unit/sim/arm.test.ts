import { describe, expect, it } from 'vitest';
import { ArmEnv, ArmExpert } from '../../../src/sim';
import { CUBE_HALF } from '../../../src/sim/arm/armEnv';
import { ARM_COLORS } from '../../../src/sim/arm/armRender';
import { solveIk } from '../../../src/sim/arm/ik';
import { armOracle } from '../../../src/sim/experts/armOracle';
import { successCount } from './helpers';

const cubeOf = (obs: Float32Array): number[] => Array.from(obs.subarray(6, 10));

/** Joint targets that put the gripper frame at p with jaws `gripper`. */
function reach(env: ArmEnv, obs: Float32Array, p: [number, number, number], gripper: number): Float32Array {
  const q = solveIk(env.chain, obs, p)!;
  return Float32Array.of(q[0]!, q[1]!, q[2]!, q[3]!, obs[4]!, gripper);
}

describe('ArmEnv', () => {
  it('leaves the cube alone unless it is grasped', () => {
    const env = new ArmEnv();
    let obs = env.reset(1);
    const start = cubeOf(obs);
    // Close the jaws far from the cube and sweep around: nothing moves it.
    for (let i = 0; i < 20; i++) obs = env.step(reach(env, obs, [0.2, -0.15 + i * 0.015, 0.05], 0)).obs;
    expect(env.grasped).toBe(false);
    expect(cubeOf(obs)).toEqual(start);
  });

  it('carries a grasped cube and drops it to the table on release', () => {
    const env = new ArmEnv();
    let obs = env.reset(2);
    const [cx, cy] = cubeOf(obs) as [number, number];
    for (let i = 0; i < 25; i++) obs = env.step(reach(env, obs, [cx, cy, CUBE_HALF], 1.2)).obs;
    for (let i = 0; i < 5; i++) obs = env.step(reach(env, obs, [cx, cy, CUBE_HALF], 0)).obs;
    expect(env.grasped).toBe(true);
    for (let i = 0; i < 15; i++) obs = env.step(reach(env, obs, [cx, cy, 0.12], 0)).obs;
    const lifted = cubeOf(obs);
    expect(lifted[2]).toBeGreaterThan(0.09);
    const g = env.gripperPosition();
    expect(Math.hypot(g[0] - lifted[0]!, g[1] - lifted[1]!, g[2] - lifted[2]!)).toBeLessThan(0.02);
    // Open: the cube falls straight down and comes to rest on the table.
    const heights: number[] = [];
    for (let i = 0; i < 6; i++) {
      obs = env.step(Float32Array.of(...Array.from(obs.subarray(0, 5)), 1.2)).obs;
      heights.push(obs[8]!);
    }
    expect(env.grasped).toBe(false);
    expect(heights[heights.length - 1]).toBeCloseTo(CUBE_HALF, 9);
    expect(heights[0]).toBeGreaterThan(CUBE_HALF);
    expect(obs[6]).toBeCloseTo(lifted[0]!, 9);
  });

  it('is deterministic and renders cube, pad and gripper', () => {
    const run = (): number[] => {
      const env = new ArmEnv();
      const expert = new ArmExpert({ skill: 'okay' });
      expert.reset(3);
      let obs = env.reset(6);
      for (let i = 0; i < 50; i++) obs = env.step(expert.act(obs)).obs;
      return Array.from(obs);
    };
    expect(run()).toEqual(run());
    const env = new ArmEnv();
    env.reset(6);
    const img = env.render();
    const colours = new Set<string>();
    for (let i = 0; i < img.data.length; i += 3)
      colours.add(`${img.data[i]},${img.data[i + 1]},${img.data[i + 2]}`);
    for (const c of [ARM_COLORS.cube, ARM_COLORS.pad, ARM_COLORS.gripper, ARM_COLORS.table])
      expect(colours).toContain(c.join(','));
  });

  it('the oracle answers any state with joint targets within limits', () => {
    const env = new ArmEnv();
    const obs = env.reset(4);
    const action = armOracle(env.chain, obs);
    expect(action).toHaveLength(6);
    for (const name of ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex']) {
      const i = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex'].indexOf(name);
      const lim = env.chain.robot.joints.find((j) => j.name === name)!.limit!;
      expect(action[i]).toBeGreaterThanOrEqual(lim.lower);
      expect(action[i]).toBeLessThanOrEqual(lim.upper);
    }
  });

  it('scripted experts succeed within their bands', () => {
    const env = new ArmEnv();
    expect(successCount(env, new ArmExpert({ skill: 'better' }), 10, 300)).toBeGreaterThanOrEqual(9);
    expect(successCount(env, new ArmExpert({ skill: 'worse' }), 10, 300)).toBeLessThanOrEqual(8);
  });
});
