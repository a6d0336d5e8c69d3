import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exportPolicy,
  initTrainingBackend,
  loadExportedPolicy,
  loadPolicy,
  trainPolicy,
  type TrainingProgress,
} from '../../../src/training';
import { syntheticData } from './synthetic';

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

// Two demonstrators in the same states: one passes an obstacle on the left (-1), the other on the
// right (+1). A regression learns their mean, 0, which no one did.
const data = syntheticData({
  episodes: 20,
  length: 30,
  obsDim: 3,
  actDim: 1,
  seed: 3,
  act: (_o, rng) => [rng.next() < 0.5 ? -1 : 1],
});
/** A knn trained on `data` with no held-out episodes unless asked. */
const keep = (temperature?: number, valFraction = 0) =>
  trainPolicy({
    policy: { kind: 'knn', ...(temperature === undefined ? {} : { temperature }) },
    data,
    epochs: 1,
    batchSize: 64,
    seed: 0,
    valFraction,
  });
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => data.obs.subarray(i * 3, i * 3 + 3));

describe('a nearest-neighbour policy', () => {
  it('keeps its rows without optimizer steps, and reports so once', async () => {
    const reports: TrainingProgress[] = [];
    const run = await trainPolicy({
      policy: { kind: 'knn' },
      data,
      epochs: 5,
      batchSize: 64,
      seed: 0,
      valFraction: 0.2,
      onProgress: (p) => reports.push(p),
    });
    expect(run.steps).toBe(0);
    expect(run.checkpoint.meta.shapes.memory).toBe(16 * 30);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ step: 0, totalSteps: 0 });
    // Held-out episodes are scored against their nearest training rows: coin flips disagree half the time.
    expect(run.valLoss).toBeGreaterThan(0.5);
    run.policy.dispose();
  });

  it("answers a demonstrated action, never the demonstrators' average", async () => {
    const { policy } = await keep();
    // Its own rows: exactly their actions.
    rowsOf(40).forEach((o, i) => expect(policy.act({ lowDim: o })[0]).toBeCloseTo(data.actions[i]!, 4));
    // New states: one demonstrator's action each time.
    for (const o of [
      [0.1, -0.3, 0.7],
      [-0.5, 0.5, 0.05],
      [0.9, 0.9, -0.9],
    ]) {
      const a = policy.act({ lowDim: Float32Array.from(o) })[0]!;
      expect(Math.abs(Math.abs(a) - 1)).toBeLessThan(1e-3);
    }
    expect(Array.from(policy.scoreSteps(data).subarray(0, 100)).every((s) => s < 1e-6)).toBe(true);
    policy.dispose();
  });

  it('leaves no tensor behind once disposed', async () => {
    const before = tf.memory().numTensors;
    const { policy } = await keep();
    policy.act({ lowDim: Float32Array.of(0.1, -0.3, 0.7) });
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('averages many rows at a high temperature', async () => {
    const { policy } = await keep(100);
    const a = policy.act({ lowDim: Float32Array.of(0.1, -0.3, 0.7) })[0]!;
    expect(Math.abs(a)).toBeLessThan(0.3);
    policy.dispose();
  });

  it('acts the same after loading its checkpoint and after export', async () => {
    const run = await keep();
    const dir = await mkdtemp(path.join(tmpdir(), 'knn-export-'));
    try {
      await exportPolicy(run.policy, dir);
      const loaded = loadPolicy(run.checkpoint);
      const exported = await loadExportedPolicy(dir);
      const probe = Float32Array.of(0.2, 0.4, -0.6);
      const want = run.policy.act({ lowDim: probe })[0];
      expect(loaded.act({ lowDim: probe })[0]).toBe(want);
      expect(exported.act({ lowDim: probe })[0]).toBe(want);
      loaded.dispose();
      exported.dispose();
    } finally {
      run.policy.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a policy that sees from an object', () => {
  // The target is the point 20 px ahead of the block along its heading: one action in the block's
  // frame, a different one for every pose in the world's. Training sees headings below 0.5 rad;
  // the query turns the block to 2.5 rad and moves it away.
  const row = (x: number, y: number, angle: number, offset: number[]) => ({
    obs: [x + offset[0]!, y + offset[1]!, x, y, angle],
    action: [x + 20 * Math.cos(angle), y + 20 * Math.sin(angle)],
  });
  const rows = Array.from({ length: 200 }, (_, i) =>
    row(100 + (i % 17) * 9, 80 + (i % 11) * 13, (i % 10) / 20, [(i % 7) * 5 - 15, (i % 5) * 4 - 8]),
  );
  const planar = {
    obs: Float32Array.from(rows.flatMap((r) => r.obs)),
    actions: Float32Array.from(rows.flatMap((r) => r.action)),
    obsDim: 5,
    actDim: 2,
    episodeStarts: [0, 100],
  };
  const frame = {
    x: 2,
    y: 3,
    angle: 4,
    points: [[0, 1]] as [number, number][],
    actions: [[0, 1]] as [number, number][],
  };
  const train = (withFrame: boolean) =>
    trainPolicy({
      policy: { kind: 'knn' },
      data: planar,
      ...(withFrame ? { frame } : {}),
      epochs: 1,
      batchSize: 64,
      seed: 0,
      valFraction: 0,
    });

  it('answers poses it never saw, in act, actBatch and scoreSteps', async () => {
    const seen = await train(true);
    const world = await train(false);
    const away = row(300, 350, 2.5, [10, -8]);
    const o = Float32Array.from(away.obs);
    const a = seen.policy.act({ lowDim: o });
    expect(a[0]).toBeCloseTo(away.action[0]!, 2);
    expect(a[1]).toBeCloseTo(away.action[1]!, 2);
    expect(Array.from(seen.policy.actBatch(o))).toEqual(Array.from(a));
    const w = world.policy.act({ lowDim: o });
    expect(Math.hypot(w[0]! - away.action[0]!, w[1]! - away.action[1]!)).toBeGreaterThan(20);
    // The checkpoint carries the frame: the loaded policy sees from the block too.
    const loaded = loadPolicy(seen.checkpoint);
    expect(loaded.act({ lowDim: o })[0]).toBeCloseTo(away.action[0]!, 2);
    // Scoring sees the recorded action from the block as well: the rule's own action scores
    // nothing next to one 1 px off.
    const one = (action: number[]) => ({
      ...planar,
      obs: o,
      actions: Float32Array.from(action),
      episodeStarts: [0],
    });
    const right = seen.policy.scoreSteps(one(away.action))[0]!;
    const off = seen.policy.scoreSteps(one([away.action[0]! + 1, away.action[1]!]))[0]!;
    expect(right).toBeLessThan(off / 1000);
    for (const p of [seen.policy, world.policy, loaded]) p.dispose();
  });
});
