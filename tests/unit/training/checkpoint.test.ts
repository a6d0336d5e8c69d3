import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exportPolicy,
  initTrainingBackend,
  loadExportedPolicy,
  loadPolicy,
  scheduledRate,
  TrainingAbortedError,
  trainPolicy,
  type TrainingProgress,
} from '../../../src/training';
import { memoryStore, syntheticData } from './synthetic';

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

const data = syntheticData({
  episodes: 8,
  length: 40,
  obsDim: 3,
  actDim: 2,
  seed: 2,
  act: (o) => [o[0]! * o[1]!, Math.cos(2 * o[2]!)],
});
const base = {
  policy: { kind: 'bc-mlp' as const, hidden: [32, 32] },
  data,
  epochs: 6,
  batchSize: 32,
  seed: 4,
  valFraction: 0.25,
  progressEvery: 1,
};

describe('checkpoint and resume', () => {
  it.each(['constant', 'cosine'] as const)(
    'resumes an aborted run to the same step count, losses and weights as an uninterrupted run (%s rate)',
    async (schedule) => {
      const options = { ...base, schedule };
      const straightReports: TrainingProgress[] = [];
      const straight = await trainPolicy({ ...options, onProgress: (p) => straightReports.push(p) });

      const store = memoryStore();
      const controller = new AbortController();
      // Abort mid-epoch (9 steps per epoch), after a periodic checkpoint at step 10.
      const interrupted = trainPolicy({
        ...options,
        checkpoint: store,
        checkpointEvery: 10,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 13) controller.abort();
        },
      });
      await expect(interrupted).rejects.toBeInstanceOf(TrainingAbortedError);
      expect((await store.load())?.meta.step).toBe(13);

      const resumedReports: TrainingProgress[] = [];
      const resumed = await trainPolicy({
        ...options,
        checkpoint: store,
        onProgress: (p) => resumedReports.push(p),
      });
      expect(resumed.resumedFrom).toBe(13);
      expect(resumed.steps).toBe(straight.steps);
      expect(resumedReports.at(-1)!.step).toBe(straightReports.at(-1)!.step);
      // Same batches and optimizer state: losses agree step by step after the resume point.
      for (const report of resumedReports) {
        const twin = straightReports.find((r) => r.step === report.step)!;
        expect(report.trainLoss).toBeCloseTo(twin.trainLoss, 5);
        if (report.valLoss !== null) expect(report.valLoss).toBeCloseTo(twin.valLoss!, 5);
      }
      const a = straight.policy.net.model.getWeights().map((t) => t.dataSync());
      const b = resumed.policy.net.model.getWeights().map((t) => t.dataSync());
      a.forEach((w, i) => w.forEach((v, j) => expect(b[i]![j]).toBeCloseTo(v, 5)));
      expect((await store.load())?.meta.step).toBe(straight.steps);

      // A finished run's checkpoint resumes to an immediate result.
      const again = await trainPolicy({ ...options, checkpoint: store });
      expect(again.resumedFrom).toBe(straight.steps);
      for (const r of [straight, resumed, again]) r.policy.dispose();
    },
  );

  it('refuses a checkpoint from a different run', async () => {
    const store = memoryStore();
    const first = await trainPolicy({ ...base, epochs: 1, checkpoint: store });
    first.policy.dispose();
    await expect(trainPolicy({ ...base, epochs: 1, seed: 99, checkpoint: store })).rejects.toThrow(
      /checkpoint: .* differs/,
    );
    // A constant-rate checkpoint does not resume a cosine run.
    await expect(trainPolicy({ ...base, epochs: 1, schedule: 'cosine', checkpoint: store })).rejects.toThrow(
      /checkpoint: .* differs/,
    );
  });
});

describe('learning-rate schedule', () => {
  it('decays the rate from the policy rate to zero along a half cosine', () => {
    expect(scheduledRate(1e-3, 'constant', 50, 100)).toBe(1e-3);
    expect(scheduledRate(1e-3, 'cosine', 0, 100)).toBeCloseTo(1e-3, 12);
    expect(scheduledRate(1e-3, 'cosine', 50, 100)).toBeCloseTo(5e-4, 12);
    expect(scheduledRate(1e-3, 'cosine', 75, 100)).toBeCloseTo((1e-3 * (1 - Math.SQRT1_2)) / 2, 12);
    expect(scheduledRate(1e-3, 'cosine', 100, 100)).toBeCloseTo(0, 12);
  });

  it('is what the optimizer steps with: under cosine the last step barely moves the weights', async () => {
    // The weights one step before the end (from the checkpoint an abort saves) and at the end.
    const lastMove = async (schedule: 'constant' | 'cosine') => {
      const store = memoryStore();
      const controller = new AbortController();
      let total = 0;
      await expect(
        trainPolicy({
          ...base,
          schedule,
          checkpoint: store,
          signal: controller.signal,
          onProgress: (p) => {
            total = p.totalSteps;
            if (p.step === total - 1) controller.abort();
          },
        }),
      ).rejects.toBeInstanceOf(TrainingAbortedError);
      const before = loadPolicy((await store.load())!);
      const after = await trainPolicy({ ...base, schedule, checkpoint: store });
      expect(after.resumedFrom).toBe(total - 1);
      const w = (p: typeof before) => p.net.model.getWeights().flatMap((t) => Array.from(t.dataSync()));
      const a = w(before);
      const b = w(after.policy);
      before.dispose();
      after.policy.dispose();
      return Math.hypot(...a.map((v, i) => v - b[i]!));
    };
    const constant = await lastMove('constant');
    // One step before the end of 42, the cosine rate is 0.14% of the policy's.
    expect(await lastMove('cosine')).toBeLessThan(constant / 100);
    expect(constant).toBeGreaterThan(0);
  });
});

describe('inference and export', () => {
  it('acts the same from the result, the checkpoint and the exported TF.js folder', async () => {
    const result = await trainPolicy({ ...base, epochs: 2 });
    const folder = await mkdtemp(path.join(tmpdir(), 'policy-'));
    try {
      await exportPolicy(result.policy, folder);
      expect((await readdir(folder)).sort()).toEqual(['model.json', 'weights.bin']);
      const fromCheckpoint = loadPolicy(result.checkpoint);
      const fromFolder = await loadExportedPolicy(folder);
      const obs = { lowDim: new Float32Array([0.3, -0.2, 0.7]) };
      const expected = Array.from(result.policy.act(obs));
      expect(Array.from(fromCheckpoint.act(obs))).toEqual(expected);
      expect(Array.from(fromFolder.act(obs))).toEqual(expected);

      // The folder is a plain TF.js layers model: the network loads without studio code.
      const json = JSON.parse(await readFile(path.join(folder, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const weights = await readFile(path.join(folder, 'weights.bin'));
      const model = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0]!.weights,
          weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        }),
      );
      expect(model.inputs[0]!.shape).toEqual([null, 3]);
      expect(model.outputs[0]!.shape).toEqual([null, 2]);
      for (const p of [result.policy, fromCheckpoint, fromFolder]) p.dispose();
      model.dispose();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
