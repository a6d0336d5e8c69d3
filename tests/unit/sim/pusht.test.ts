import { describe, expect, it } from 'vitest';
import { PushTEnv, PushTExpert, coverage, GOAL_POSE } from '../../../src/sim';
import { pointConvexDistance, transformPoint } from '../../../src/sim/geometry';
import { AGENT_RADIUS, teeParts } from '../../../src/sim/pusht/tee';
import { COLORS } from '../../../src/sim/pusht/pushtRender';
import { pixel, successCount } from './helpers';

describe('PushT coverage', () => {
  it('is 1 at the goal pose and 0 far away', () => {
    expect(coverage(GOAL_POSE)).toBeCloseTo(1, 12);
    expect(coverage([60, 60, 0])).toBe(0);
  });

  it('is exact for a shift along the T', () => {
    // Sliding the T by d along its bar loses d x 30 of the bar and d x 90 of the stem.
    const d = 10;
    const [x, y] = transformPoint(GOAL_POSE, [d, 0]);
    expect(coverage([x, y, GOAL_POSE[2]])).toBeCloseTo((6300 - 120 * d) / 6300, 10);
  });
});

describe('PushTEnv', () => {
  it('is deterministic: same seed, same actions, bit-identical trajectory', () => {
    const run = (): Float32Array[] => {
      const env = new PushTEnv();
      const expert = new PushTExpert({ skill: 'okay' });
      expert.reset(9);
      let obs = env.reset(3);
      const out = [obs];
      for (let i = 0; i < 60; i++) {
        obs = env.step(expert.act(obs)).obs;
        out.push(obs);
      }
      return out;
    };
    const a = run();
    const b = run();
    expect(a.map((o) => Array.from(o))).toEqual(b.map((o) => Array.from(o)));
  });

  it('never lets the block pass through the agent', () => {
    // (Free space: like the reference's kinematic agent, it can squeeze a block pinned to a wall.)
    const env = new PushTEnv();
    env.setState([256, 100], [256, 300, 0]);
    let minGap = Infinity;
    for (let i = 0; i < 40; i++) {
      // Drive the agent 45 px deep into where the bar starts.
      const r = env.step([256, 330]);
      const [ax, ay, bx, by, angle] = Array.from(r.obs) as [number, number, number, number, number];
      const gap = Math.min(...teeParts([bx, by, angle]).map((part) => pointConvexDistance([ax, ay], part)));
      minGap = Math.min(minGap, gap);
    }
    expect(minGap).toBeGreaterThan(AGENT_RADIUS - 1.5);
    expect(env.blockPose()[1]).toBeGreaterThan(340);
  });

  it('moves the block only when pushed', () => {
    const env = new PushTEnv();
    env.setState([60, 60], [300, 300, 1]);
    for (let i = 0; i < 20; i++) env.step([60 + i * 5, 80]);
    const pose = env.blockPose();
    expect(pose[0]).toBeCloseTo(300, 6);
    expect(pose[1]).toBeCloseTo(300, 6);
    expect(pose[2]).toBeCloseTo(1, 6);
    // The agent did move, and a push does move the block.
    expect(env.agentPosition()[0]).toBeGreaterThan(100);
    for (let i = 0; i < 20; i++) env.step([300, 330]);
    expect(Math.hypot(env.blockPose()[0] - 300, env.blockPose()[1] - 300)).toBeGreaterThan(5);
  });

  it('renders agent, block, goal and background in their colours', () => {
    const env = new PushTEnv();
    env.setState([100, 420], [400, 100, 0]);
    const img = env.render();
    expect([img.width, img.height, img.data.length]).toEqual([96, 96, 96 * 96 * 3]);
    const k = 96 / 512;
    expect(pixel(img, 100 * k, 420 * k)).toEqual([...COLORS.agent]);
    const inBar = transformPoint([400, 100, 0], [0, 15]);
    expect(pixel(img, inBar[0] * k, inBar[1] * k)).toEqual([...COLORS.block]);
    const inGoalStem = transformPoint(GOAL_POSE, [0, 80]);
    expect(pixel(img, inGoalStem[0] * k, inGoalStem[1] * k)).toEqual([...COLORS.goal]);
    expect(pixel(img, 2, 2)).toEqual([...COLORS.background]);
  });

  it('scripted experts succeed within their bands', () => {
    const env = new PushTEnv();
    const better = successCount(env, new PushTExpert({ skill: 'better' }), 6, 100);
    const worse = successCount(env, new PushTExpert({ skill: 'worse' }), 6, 100);
    expect(better).toBeGreaterThanOrEqual(5);
    expect(worse).toBeLessThanOrEqual(3);
  });

  it('the oracle finishes the task from a start next to the goal', () => {
    const env = new PushTEnv();
    const expert = new PushTExpert();
    let obs = env.setState([420, 420], [GOAL_POSE[0] + 25, GOAL_POSE[1] - 10, GOAL_POSE[2] + 0.3]);
    let success = false;
    for (let i = 0; i < 200 && !success; i++) {
      const r = env.step(expert.oracle(obs));
      obs = r.obs;
      success = r.success;
    }
    expect(success).toBe(true);
  });
});
