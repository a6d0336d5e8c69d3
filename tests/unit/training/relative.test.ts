import { beforeAll, describe, expect, it } from 'vitest';
import {
  exportPolicy,
  initTrainingBackend,
  loadExportedPolicy,
  loadPolicy,
  relativeToByName,
  toAbsolute,
  toRelative,
  trainPolicy,
} from '../../../src/training';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticData } from './synthetic';

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

/** A servo at a high control rate: the command is a target 0.02 ahead of the joint, toward the goal. */
const STEP = 0.02;
const command = (q: number, goal: number) => q + STEP * Math.max(-1, Math.min(1, (goal - q) / 0.1));
const data = syntheticData({
  episodes: 40,
  length: 100,
  obsDim: 2,
  actDim: 1,
  seed: 4,
  act: (o) => [command(o[0]!, o[1]!)],
});
const train = (relativeTo?: number[]) =>
  trainPolicy({
    policy: { kind: 'bc-mlp', hidden: [32, 32] },
    data,
    epochs: 30,
    batchSize: 64,
    seed: 1,
    valFraction: 0,
    ...(relativeTo ? { relativeTo } : {}),
  });

describe('actions relative to the observation', () => {
  it('round-trips offsets and pairs columns by name', () => {
    const obs = Float32Array.of(1, 2, 3, 4, 5, 6);
    const actions = Float32Array.of(1.5, 9, 4.5, 9);
    const rel = toRelative(actions, obs, [0, -1], 2, 3);
    expect(Array.from(rel)).toEqual([0.5, 9, 0.5, 9]);
    expect(Array.from(toAbsolute(rel, obs, [0, -1], 2, 3))).toEqual(Array.from(actions));
    expect(relativeToByName(['shoulder_pan', 'gripper', 'speed'], ['x', 'gripper', 'shoulder_pan'])).toEqual([
      2, 1, -1,
    ]);
    expect(relativeToByName(['action.steer'], ['observation.state.steer'])).toEqual([0]);
    expect(() => relativeToByName(['steer', 'speed'], ['lateral', 'heading'])).toThrow(
      /relative actions need an action column named like an observation column; actions: steer, speed; observations: lateral, heading/,
    );
  });

  it('rejects a mapping that does not fit the data', async () => {
    await expect(train([5])).rejects.toThrow(/action 0 refers to observation 5, outside 0-1/);
    await expect(train([0, 1])).rejects.toThrow(/one entry per action dimension \(1\), got 2/);
  });

  it('learns a target just ahead of the joint several times more precisely, and drives the joint to its goal', async () => {
    const absolute = await train();
    const relative = await train([0]);
    // Held-out states: the error in units of the step the command takes.
    let errAbs = 0;
    let errRel = 0;
    const n = 200;
    for (let i = 0; i < n; i++) {
      const q = -0.9 + (1.8 * i) / n;
      const goal = Math.sin(i) * 0.9;
      const want = command(q, goal);
      const lowDim = Float32Array.of(q, goal);
      errAbs += Math.abs(absolute.policy.act({ lowDim })[0]! - want) / STEP / n;
      errRel += Math.abs(relative.policy.act({ lowDim })[0]! - want) / STEP / n;
    }
    expect(errRel).toBeLessThan(0.05);
    expect(errAbs).toBeGreaterThan(3 * errRel);
    // The servo follows the commanded target: the relative policy arrives.
    let q = -0.8;
    for (let t = 0; t < 150; t++) q = relative.policy.act({ lowDim: Float32Array.of(q, 0.7) })[0]!;
    expect(Math.abs(q - 0.7)).toBeLessThan(0.03);
    // The mapping travels with the checkpoint and the exported model.
    const reloaded = loadPolicy(relative.checkpoint);
    const probe = { lowDim: Float32Array.of(0.1, 0.5) };
    expect(reloaded.act(probe)[0]).toBeCloseTo(relative.policy.act(probe)[0]!, 6);
    expect(Array.from(relative.policy.actBatch(Float32Array.of(0.1, 0.5, -0.3, -0.6)))).toEqual([
      relative.policy.act(probe)[0],
      relative.policy.act({ lowDim: Float32Array.of(-0.3, -0.6) })[0],
    ]);
    const dir = await mkdtemp(path.join(tmpdir(), 'relative-'));
    try {
      await exportPolicy(relative.policy, dir);
      const exported = await loadExportedPolicy(dir);
      expect(exported.act(probe)[0]).toBeCloseTo(relative.policy.act(probe)[0]!, 6);
      exported.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Scoring a step reads its action the same way: the recorded commands score near zero.
    const scores = relative.policy.scoreSteps(data);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeLessThan(0.05);
    for (const p of [absolute, relative]) p.policy.dispose();
    reloaded.dispose();
  }, 60_000);
});

describe('action chunks', () => {
  // A joint that sweeps at a constant pace: the command is the pose `k` steps on, so a chunk is a ramp.
  const ramp = syntheticData({
    episodes: 30,
    length: 60,
    obsDim: 2,
    actDim: 1,
    seed: 5,
    act: (o) => [o[0]! + 0.01 * Math.sign(o[1]!)],
  });

  it('learns each row next `chunk` actions, clipped at its episode end, relative to the row pose', async () => {
    const { chunkActions, learnedActions } = await import('../../../src/training/chunks');
    const tiny = {
      obs: Float32Array.of(0, 0, 1, 0, 2, 0, 10, 0),
      actions: Float32Array.of(1, 2, 3, 11),
      obsDim: 2,
      actDim: 1,
      episodeStarts: [0, 3],
    };
    expect(Array.from(chunkActions(tiny, 2))).toEqual([1, 2, 2, 3, 3, 3, 11, 11]);
    expect(Array.from(learnedActions(tiny, [0], 2))).toEqual([1, 2, 1, 2, 1, 1, 1, 1]);
    const trained = await trainPolicy({
      policy: { kind: 'bc-mlp', hidden: [16], chunk: 4 },
      data: ramp,
      epochs: 2,
      batchSize: 64,
      seed: 1,
      valFraction: 0,
      relativeTo: [0],
    });
    const p = trained.policy;
    expect(p.chunk).toBe(4);
    // One prediction answers four steps: the later observations are not looked at.
    const first = p.act({ lowDim: Float32Array.of(0.2, 0.5) })[0]!;
    const queued = [0, 1, 2].map(() => p.act({ lowDim: Float32Array.of(-5, -5) })[0]!);
    p.reset();
    expect(p.act({ lowDim: Float32Array.of(0.2, 0.5) })[0]).toBe(first);
    expect([0, 1, 2].map(() => p.act({ lowDim: Float32Array.of(7, 7) })[0]!)).toEqual(queued);
    // The fifth step predicts again, from its own observation.
    const fifth = p.act({ lowDim: Float32Array.of(-0.6, 0.5) })[0]!;
    expect(fifth).not.toBeCloseTo(queued[2]!, 3);
    // reset() drops what is left of a chunk; actBatch answers each row with its chunk's first action.
    p.act({ lowDim: Float32Array.of(0.2, 0.5) });
    p.reset();
    expect(p.act({ lowDim: Float32Array.of(-0.6, 0.5) })[0]).toBeCloseTo(fifth, 6);
    p.reset();
    const batch = p.actBatch(Float32Array.of(0.2, 0.5, -0.6, 0.5));
    expect(batch).toHaveLength(2);
    expect(batch[0]).toBeCloseTo(first, 6);
    expect(batch[1]).toBeCloseTo(fifth, 6);
    // The chunk size travels with the checkpoint.
    const reloaded = loadPolicy(trained.checkpoint);
    expect(reloaded.chunk).toBe(4);
    expect(reloaded.act({ lowDim: Float32Array.of(0.2, 0.5) })[0]).toBeCloseTo(first, 6);
    expect(p.scoreSteps(ramp)).toHaveLength(30 * 60);
    p.dispose();
    reloaded.dispose();
  });
});
