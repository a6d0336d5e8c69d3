import { beforeAll, describe, expect, it } from 'vitest';
import { initTrainingBackend, trainPolicy, type TrainingProgress } from '../../../src/training';
import { Rng } from '../../../src/training/rng';
import { syntheticData } from './synthetic';

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

describe('BC-MLP', () => {
  it('learns a smooth nonlinear mapping: validation MSE (normalized) below 0.05', async () => {
    const data = syntheticData({
      episodes: 20,
      length: 50,
      obsDim: 4,
      actDim: 2,
      seed: 1,
      act: (o) => [Math.sin(2 * o[0]!) + o[1]! * o[2]!, Math.tanh(3 * o[3]!) - o[0]!],
    });
    const reports: TrainingProgress[] = [];
    const result = await trainPolicy({
      policy: { kind: 'bc-mlp', hidden: [64, 64], learningRate: 3e-3 },
      data,
      epochs: 30,
      batchSize: 64,
      seed: 3,
      valFraction: 0.2,
      onProgress: (p) => reports.push(p),
    });
    const first = reports[0]!;
    const last = reports.at(-1)!;
    console.log(
      `bc-mlp: train loss ${first.trainLoss.toFixed(4)} -> ${last.trainLoss.toFixed(4)}, val ${last.valLoss?.toFixed(4)}`,
    );
    expect(result.steps).toBe(30 * 12);
    expect(last.step).toBe(result.steps);
    expect(last.valLoss).not.toBeNull();
    expect(last.valLoss!).toBeLessThan(0.05);
    expect(last.trainLoss).toBeLessThan(first.trainLoss / 10);
    expect(last.samplesPerSec).toBeGreaterThan(0);
    result.policy.dispose();
  });
});

describe('BC-GMM on bimodal actions', () => {
  // The action is +1 or -1 by a hidden coin: the mean action (0) is never a demonstrated one.
  const data = syntheticData({
    episodes: 20,
    length: 50,
    obsDim: 2,
    actDim: 1,
    seed: 5,
    act: (_, rng) => [(rng.next() < 0.5 ? 1 : -1) + 0.05 * rng.normal()],
  });
  const probes = Array.from({ length: 200 }, (_, i) => {
    const r = new Rng(100 + i);
    return new Float32Array([r.next() * 2 - 1, r.next() * 2 - 1]);
  });
  const common = { data, epochs: 20, batchSize: 64, seed: 9, valFraction: 0.2 } as const;

  it('acts near a mode while BC-MLP predicts the useless mean', async () => {
    const gmm = await trainPolicy({
      ...common,
      policy: { kind: 'bc-gmm', hidden: [64, 64], modes: 5, learningRate: 3e-3 },
    });
    const mlp = await trainPolicy({
      ...common,
      policy: { kind: 'bc-mlp', hidden: [64, 64], learningRate: 3e-3 },
    });
    const nearMode = (a: number) => Math.abs(Math.abs(a) - 1) < 0.25;
    const modeActs = probes.map((o) => gmm.policy.act({ lowDim: o })[0]!);
    const sampled = probes.map((o) => gmm.policy.act({ lowDim: o }, { mode: 'sample' })[0]!);
    const mlpActs = probes.map((o) => mlp.policy.act({ lowDim: o })[0]!);
    const share = (xs: number[], f: (x: number) => boolean) => xs.filter(f).length / xs.length;
    const modeNear = share(modeActs, nearMode);
    const sampleNear = share(sampled, nearMode);
    const positive = share(sampled, (a) => a > 0);
    const mlpMeanAbs = mlpActs.reduce((s, a) => s + Math.abs(a), 0) / mlpActs.length;
    console.log(
      `bimodal: gmm mode near ±1 ${modeNear}, sampled near ±1 ${sampleNear}, sampled > 0 ${positive}, ` +
        `mlp mean |a| ${mlpMeanAbs.toFixed(3)}, mlp near ±1 ${share(mlpActs, nearMode)}, gmm val NLL ${gmm.valLoss?.toFixed(3)}`,
    );
    expect(modeNear).toBeGreaterThanOrEqual(0.95);
    expect(sampleNear).toBeGreaterThanOrEqual(0.85);
    expect(positive).toBeGreaterThan(0.3);
    expect(positive).toBeLessThan(0.7);
    expect(mlpMeanAbs).toBeLessThan(0.3);
    expect(share(mlpActs, nearMode)).toBeLessThan(0.05);
    gmm.policy.dispose();
    mlp.policy.dispose();
  });
});
