import { beforeAll, describe, expect, it } from 'vitest';
import { crossFittedScores, foldsOf, type LearnedEpisode } from '../../../src/quality/learned';
import { initTrainingBackend, trainPolicy } from '../../../src/training';
import { mulberry32 } from '../../../src/sim/random';
import { times } from './synthetic';

beforeAll(async () => {
  await initTrainingBackend({ backend: 'wasm' });
});

/** Episodes of a demonstrator acting a = (o1 + o2, o1 - o2); `flip` acts the opposite from frame 20. */
function demo(id: string, seed: number, flip = false): LearnedEpisode {
  const r = mulberry32(seed);
  const n = 40;
  const obs = new Float32Array(n * 2);
  const actions = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const o = [r() * 2 - 1, r() * 2 - 1];
    const sign = flip && i >= 20 ? -1 : 1;
    obs.set(o, i * 2);
    actions.set([sign * (o[0]! + o[1]!), sign * (o[0]! - o[1]!)], i * 2);
  }
  return { id, obs, actions, timesNs: times(n) };
}

describe('cross-fitted behaviour-cloning score', () => {
  it('splits episodes into k folds of near-equal size, seeded', () => {
    const f = foldsOf(11, 3, 5);
    expect([0, 1, 2].map((k) => f.filter((x) => x === k).length).sort()).toEqual([3, 4, 4]);
    expect(foldsOf(11, 3, 5)).toEqual(f);
  });

  it('scores the episode that disagrees with the others highest, at the frames where it does', async () => {
    const episodes = Array.from({ length: 12 }, (_, i) => demo(`e${i}`, i + 1, i === 5));
    const scores = await crossFittedScores(episodes, 2, 2, {
      folds: 4,
      epochs: 40,
      hidden: [32],
      seed: 3,
      batchSize: 32,
    });
    const ranked = [...scores.entries()].sort((a, b) => b[1].value! - a[1].value!);
    expect(ranked[0]![0]).toBe('e5');
    // Its worst second lies where it disagrees (from 2 s).
    expect(ranked[0]![1].spans[0]!.startNs).toBeGreaterThanOrEqual(2e9);
    const others = ranked.slice(1).map(([, s]) => s.value!);
    expect(ranked[0]![1].value!).toBeGreaterThan(5 * Math.max(...others));
  });

  it('scoreSteps gives one loss per row; a mixture policy gives negative log-likelihoods', async () => {
    const e = demo('a', 1);
    const data = { obs: e.obs, actions: e.actions, obsDim: 2, actDim: 2, episodeStarts: [0] };
    const mlp = await trainPolicy({
      policy: { kind: 'bc-mlp', hidden: [8] },
      data,
      epochs: 1,
      batchSize: 8,
      seed: 1,
      valFraction: 0,
    });
    const gmm = await trainPolicy({
      policy: { kind: 'bc-gmm', hidden: [8], modes: 2 },
      data,
      epochs: 1,
      batchSize: 8,
      seed: 1,
      valFraction: 0,
    });
    const a = mlp.policy.scoreSteps(data, 16);
    const b = gmm.policy.scoreSteps(data, 16);
    expect(a).toHaveLength(40);
    expect(b).toHaveLength(40);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    // NLL of a density can be negative; it is finite everywhere.
    expect(b.every(Number.isFinite)).toBe(true);
    expect(() => mlp.policy.scoreSteps({ ...data, obsDim: 1, obs: e.obs.subarray(0, 40) })).toThrow(
      /expected 2 observation/,
    );
    mlp.policy.dispose();
    gmm.policy.dispose();
  });
});
