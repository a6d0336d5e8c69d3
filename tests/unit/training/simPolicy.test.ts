import { beforeAll, describe, expect, it } from 'vitest';
import { createEnv, generateDemos } from '../../../src/sim';
import { initTrainingBackend, trainPolicy } from '../../../src/training';
import { simPolicy } from '../../../src/training/jobs/evaluate';

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

describe('simPolicy', () => {
  it('drives an env with a policy trained on the camera alone (no low-dim values)', async () => {
    const demo = generateDemos({ env: 'lane', episodes: 1, seed: 3, skill: 'better', render: true })
      .episodes[0]!;
    const rows = 40;
    const { width, height } = demo.frames![0]!;
    const pixels = new Uint8Array(rows * width * height * 3);
    for (let t = 0; t < rows; t++) pixels.set(demo.frames![t]!.data, t * width * height * 3);
    const { policy } = await trainPolicy({
      policy: {
        kind: 'bc-cnn',
        conv: [{ filters: 4, kernel: 8, stride: 4 }],
        imageFeatures: 8,
        hidden: [8],
      },
      data: {
        obs: new Float32Array(0),
        actions: demo.actions.slice(0, rows * 2),
        obsDim: 0,
        actDim: 2,
        episodeStarts: [0],
        images: { data: pixels, width, height, channels: 3 },
      },
      epochs: 1,
      batchSize: 20,
      seed: 0,
      valFraction: 0,
    });
    expect(policy.net.shapes.obsDim).toBe(0);
    const env = createEnv('lane');
    const driver = simPolicy(policy, env);
    driver.reset?.(0);
    let obs = env.reset(5);
    for (let i = 0; i < 3; i++) {
      const action = driver.act(obs);
      expect(action).toHaveLength(2);
      expect([...action].every(Number.isFinite)).toBe(true);
      obs = env.step(action).obs;
    }
    policy.dispose();
  });
});
