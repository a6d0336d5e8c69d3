import { beforeAll, describe, expect, it } from 'vitest';
import {
  initTrainingBackend,
  trainPolicy,
  type TrainingData,
  type TrainingProgress,
} from '../../../src/training';
import { Rng } from '../../../src/training/rng';
import { syntheticData } from './synthetic';

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

describe('BC-RNN', () => {
  it('uses history: learns action_t = obs_(t-1), which no memoryless policy can', async () => {
    const data = syntheticData({
      episodes: 12,
      length: 30,
      obsDim: 2,
      actDim: 2,
      seed: 7,
      act: (_, __, previous) => (previous === null ? [0, 0] : [previous[0]!, previous[1]!]),
    });
    const common = { data, epochs: 25, batchSize: 32, seed: 1, valFraction: 0.25 } as const;
    const rnn = await trainPolicy({
      ...common,
      policy: { kind: 'bc-rnn', cell: 'gru', units: 32, window: 4, learningRate: 5e-3 },
    });
    const mlp = await trainPolicy({
      ...common,
      policy: { kind: 'bc-mlp', hidden: [32, 32], learningRate: 5e-3 },
    });
    // Score the action at the end of the history, as acting does: step through a fresh episode.
    const rng = new Rng(77);
    const score = (policy: typeof rnn.policy) => {
      policy.reset();
      let previous: Float32Array | null = null;
      let sum = 0;
      for (let t = 0; t < 40; t++) {
        const o = new Float32Array([rng.next() * 2 - 1, rng.next() * 2 - 1]);
        const a = policy.act({ lowDim: o });
        if (previous !== null) sum += ((a[0]! - previous[0]!) ** 2 + (a[1]! - previous[1]!) ** 2) / 2;
        previous = o;
      }
      return sum / 39;
    };
    const rnnError = score(rnn.policy);
    const mlpError = score(mlp.policy);
    console.log(
      `history task: acting MSE rnn ${rnnError.toFixed(4)}, mlp ${mlpError.toFixed(4)} (predicting 0 gives 0.33)`,
    );
    expect(rnnError).toBeLessThan(0.03);
    expect(mlpError).toBeGreaterThan(0.25);
    rnn.policy.dispose();
    mlp.policy.dispose();
  });

  it('trains the LSTM variant', async () => {
    const data = syntheticData({
      episodes: 4,
      length: 20,
      obsDim: 2,
      actDim: 1,
      seed: 3,
      act: (o) => [o[0]!],
    });
    const reports: TrainingProgress[] = [];
    const lstm = await trainPolicy({
      policy: { kind: 'bc-rnn', cell: 'lstm', units: 16, window: 3 },
      data,
      epochs: 4,
      batchSize: 16,
      seed: 1,
      valFraction: 0.25,
      onProgress: (p) => reports.push(p),
    });
    expect(reports.at(-1)!.trainLoss).toBeLessThan(reports[0]!.trainLoss);
    lstm.policy.dispose();
  });
});

describe('BC-CNN', () => {
  it('reads the image: learns where a bright square is', async () => {
    const size = 24;
    const frames = 240;
    const rng = new Rng(5);
    const pixels = new Uint8Array(frames * size * size * 3);
    const actions = new Float32Array(frames * 2);
    const obs = new Float32Array(frames);
    for (let f = 0; f < frames; f++) {
      const x = rng.int(size - 6);
      const y = rng.int(size - 6);
      for (let dy = 0; dy < 6; dy++)
        for (let dx = 0; dx < 6; dx++)
          pixels.fill(
            255,
            ((f * size + y + dy) * size + x + dx) * 3,
            ((f * size + y + dy) * size + x + dx) * 3 + 3,
          );
      actions[f * 2] = x / size;
      actions[f * 2 + 1] = y / size;
      obs[f] = rng.next();
    }
    const data: TrainingData = {
      obs,
      actions,
      obsDim: 1,
      actDim: 2,
      episodeStarts: Array.from({ length: 12 }, (_, i) => i * 20),
      images: { data: pixels, height: size, width: size, channels: 3 },
    };
    const result = await trainPolicy({
      policy: {
        kind: 'bc-cnn',
        conv: [
          { filters: 8, kernel: 4, stride: 2 },
          { filters: 8, kernel: 3, stride: 1 },
        ],
        imageFeatures: 32,
        hidden: [32],
        learningRate: 3e-3,
      },
      data,
      epochs: 20,
      batchSize: 32,
      seed: 2,
      valFraction: 0.25,
    });
    console.log(`bc-cnn: val ${result.valLoss?.toFixed(4)}`);
    expect(result.valLoss!).toBeLessThan(0.25);
    const act = result.policy.act({
      lowDim: new Float32Array([0.5]),
      image: pixels.subarray(0, size * size * 3),
    });
    expect(act).toHaveLength(2);
    result.policy.dispose();
  });
});

describe('aborting', () => {
  it('stops between steps with an AbortError', async () => {
    const data = syntheticData({
      episodes: 2,
      length: 20,
      obsDim: 1,
      actDim: 1,
      seed: 1,
      act: (o) => [o[0]!],
    });
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainPolicy({
        policy: { kind: 'bc-mlp', hidden: [8] },
        data,
        epochs: 1,
        batchSize: 8,
        seed: 1,
        valFraction: 0,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError', step: 0 });
  });
});
