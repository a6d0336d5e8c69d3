import { describe, expect, it } from 'vitest';
import { ArmEnv, ArmExpert, ARM_SPEC, type Env } from '../../../src/sim';
import { CUBE_HALF, JAW_ALIGN_TOLERANCE, jawYawOf } from '../../../src/sim/arm/armEnv';
import { ARM_COLORS } from '../../../src/sim/arm/armRender';
import { solveIk } from '../../../src/sim/arm/ik';
import { wrapAngle } from '../../../src/sim/geometry';
import { armOracle } from '../../../src/sim/experts/armOracle';
import { SKILL_PROFILES } from '../../../src/sim/experts/skill';
import { successCount } from './helpers';

const cubeOf = (obs: Float32Array): number[] => Array.from(obs.subarray(6, 10));

/** Joint targets that put the gripper frame at p with jaws `gripper` (wrist roll `roll`, or as is). */
function reach(
  env: ArmEnv,
  obs: Float32Array,
  p: [number, number, number],
  gripper: number,
  roll = obs[4]!,
): Float32Array {
  const q = solveIk(env.chain, [obs[0]!, obs[1]!, obs[2]!, obs[3]!, roll, gripper], p)!;
  return Float32Array.of(q[0]!, q[1]!, q[2]!, q[3]!, roll, gripper);
}

/** A wrist roll that squares the jaws to the cube's faces with the gripper frame at p. */
function squareRoll(env: ArmEnv, obs: Float32Array, p: [number, number, number]): number {
  const quarter = Math.PI / 2;
  let best = 0;
  let error = Infinity;
  for (let roll = -1.2; roll <= 1.2; roll += 0.005) {
    const q = solveIk(env.chain, [obs[0]!, obs[1]!, obs[2]!, obs[3]!, roll, 1.2], p)!;
    const d = wrapAngle(jawYawOf(env.chain, [q[0]!, q[1]!, q[2]!, q[3]!, roll, 1.2]) - obs[9]!);
    const e = Math.abs(d - quarter * Math.round(d / quarter));
    if (e < error) [best, error] = [roll, e];
  }
  return best;
}

/** Opens the jaws over the cube, the wrist turned `off` (rad) from square, closes them: is it held? */
function graspAt(off: number): boolean {
  const env = new ArmEnv();
  let obs = env.reset(2);
  const [cx, cy] = cubeOf(obs) as [number, number];
  const at: [number, number, number] = [cx, cy, CUBE_HALF];
  const roll = squareRoll(env, obs, at) + off;
  for (let i = 0; i < 60; i++) obs = env.step(reach(env, obs, at, 1.2, roll)).obs;
  for (let i = 0; i < 15; i++) obs = env.step(reach(env, obs, at, 0, roll)).obs;
  return env.grasped;
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
    const roll = squareRoll(env, obs, [cx, cy, CUBE_HALF]);
    for (let i = 0; i < 60; i++) obs = env.step(reach(env, obs, [cx, cy, CUBE_HALF], 1.2, roll)).obs;
    for (let i = 0; i < 15; i++) obs = env.step(reach(env, obs, [cx, cy, CUBE_HALF], 0, roll)).obs;
    expect(env.grasped).toBe(true);
    for (let i = 0; i < 45; i++) obs = env.step(reach(env, obs, [cx, cy, 0.12], 0, roll)).obs;
    const lifted = cubeOf(obs);
    expect(lifted[2]).toBeGreaterThan(0.09);
    const g = env.gripperPosition();
    expect(Math.hypot(g[0] - lifted[0]!, g[1] - lifted[1]!, g[2] - lifted[2]!)).toBeLessThan(0.02);
    // Open: the cube falls straight down and comes to rest on the table.
    const heights: number[] = [];
    for (let i = 0; i < 18; i++) {
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
      for (let i = 0; i < 150; i++) obs = env.step(expert.act(obs)).obs;
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

  it('grasps only with the jaws square to a pair of faces', () => {
    expect(graspAt(0)).toBe(true);
    expect(graspAt(Math.PI / 2)).toBe(true);
    expect(graspAt(JAW_ALIGN_TOLERANCE - 0.05)).toBe(true);
    expect(graspAt(-JAW_ALIGN_TOLERANCE + 0.05)).toBe(true);
    expect(graspAt(JAW_ALIGN_TOLERANCE + 0.05)).toBe(false);
    expect(graspAt(Math.PI / 4)).toBe(false);
    expect(graspAt(-Math.PI / 4)).toBe(false);
  });

  it('controls at 30 Hz and gives up on an episode after 44 s', () => {
    expect(ARM_SPEC.controlHz).toBe(30);
    expect(ARM_SPEC.maxSteps / ARM_SPEC.controlHz).toBe(44);
    expect(ARM_SPEC.image.width * 3).toBe(ARM_SPEC.image.height * 4);
  });

  it('scripted experts succeed within their bands, the worse taking far longer', () => {
    const env = new ArmEnv();
    const seconds: number[] = [];
    const timed = armTimed(env, seconds);
    expect(successCount(timed, new ArmExpert({ skill: 'better' }), 10, 300)).toBeGreaterThanOrEqual(9);
    const better = median(seconds.splice(0));
    expect(better).toBeGreaterThan(5);
    expect(better).toBeLessThan(10);
    successCount(timed, new ArmExpert({ skill: 'worse' }), 6, 300);
    expect(median(seconds)).toBeGreaterThan(2 * better);
  });
});

describe('ArmExpert habits', () => {
  const run = (profile: typeof SKILL_PROFILES.worse, seed: number) => {
    const env = new ArmEnv();
    const expert = new ArmExpert({ skill: 'worse', profile });
    expert.reset(seed);
    let obs = env.reset(seed);
    const states: Float32Array[] = [];
    let graspRoll: number | undefined;
    let success = false;
    for (let t = 0; t < env.spec.maxSteps; t++) {
      states.push(obs);
      const r = env.step(expert.act(obs));
      obs = r.obs;
      if (r.info.grasped && graspRoll === undefined) graspRoll = obs[4];
      if (r.done) {
        success = r.success;
        break;
      }
    }
    return { meta: expert.meta(), states, graspRoll, success };
  };
  const calm = {
    ...SKILL_PROFILES.better,
    ...{ noise: 0, pauseRate: 0, detourRate: 0, holdRate: 0, spikeRate: 0, failRate: 0, releaseRate: 0 },
  };

  it('hesitates where the task decides, holding the arm still', () => {
    const { meta, states } = run({ ...calm, hesitation: 1, hesitationSeconds: [1, 1] }, 5);
    const stops = meta.flaws.filter((f) => f.kind === 'hesitation');
    expect(stops.map((f) => f.detail?.at)).toEqual(['above cube', 'above pad']);
    for (const stop of stops) {
      expect(stop.steps).toBe(30);
      const a = states[stop.step + 2]!;
      const b = states[stop.step + stop.steps - 1]!;
      for (let j = 0; j < 6; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThan(1e-6);
    }
  });

  it('a second strategy grasps a quarter turn round, for the whole episode', () => {
    const plain = run(calm, 8);
    const other = run({ ...calm, secondStrategy: 1 }, 8);
    const turn = other.meta.flaws.find((f) => f.kind === 'second_strategy')!;
    expect(turn.detail?.what).toBe('quarter-turn grasp');
    expect(plain.meta.flaws.some((f) => f.kind === 'second_strategy')).toBe(false);
    // Both put the cube on the pad, having grasped it with the wrists a quarter turn apart.
    expect([plain.success, other.success]).toEqual([true, true]);
    const d = Math.abs(wrapAngle(other.graspRoll! - plain.graspRoll!));
    expect(Math.abs(d - Math.PI / 2)).toBeLessThan(0.1);
  });
});

/** The env, noting how long (s) each successful episode took. */
function armTimed(env: ArmEnv, seconds: number[]): Env {
  return {
    spec: env.spec,
    reset: (seed: number) => env.reset(seed),
    step: (action) => {
      const r = env.step(action);
      if (r.success) seconds.push(Number(r.info.step) / env.spec.controlHz);
      return r;
    },
    render: () => env.render(),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
