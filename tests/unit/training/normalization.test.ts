import { describe, expect, it } from 'vitest';
import { computeStats, normalize, unnormalize } from '../../../src/training';
import { splitEpisodes, validateData } from '../../../src/training/data';
import { Rng } from '../../../src/training/rng';

describe('normalization', () => {
  it('round-trips and standardises each dimension', () => {
    const rng = new Rng(1);
    const dim = 3;
    const data = new Float32Array(300 * dim).map(
      (_, i) => rng.normal() * (i % dim === 1 ? 50 : 0.2) + (i % dim) * 10,
    );
    const stats = computeStats(data, dim);
    const z = normalize(data, stats);
    const zStats = computeStats(z, dim);
    for (let d = 0; d < dim; d++) {
      expect(Math.abs(zStats.mean[d]!)).toBeLessThan(1e-5);
      expect(zStats.std[d]).toBeCloseTo(1, 4);
    }
    const back = unnormalize(z, stats);
    for (let i = 0; i < data.length; i++) expect(back[i]).toBeCloseTo(data[i]!, 3);
  });

  it('centres constant dimensions without dividing by zero', () => {
    const data = new Float32Array([5, 1, 5, 2, 5, 3]);
    const stats = computeStats(data, 2);
    expect(stats.std[0]).toBe(1);
    expect(Array.from(normalize(data, stats)).every(Number.isFinite)).toBe(true);
    const back = unnormalize(normalize(data, stats), stats);
    data.forEach((v, i) => expect(back[i]).toBeCloseTo(v, 5));
  });

  it('computes stats over the listed rows only', () => {
    const data = new Float32Array([0, 10, 20, 1000]);
    expect(computeStats(data, 1, [0, 1, 2]).mean[0]).toBeCloseTo(10);
  });
});

describe('episode split', () => {
  it('is seeded, disjoint and keeps at least one episode on each side', () => {
    const a = splitEpisodes(10, 0.2, 42);
    expect(splitEpisodes(10, 0.2, 42)).toEqual(a);
    expect(a.val).toHaveLength(2);
    expect([...a.train, ...a.val].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(splitEpisodes(2, 0.01, 1).val).toHaveLength(1);
    expect(splitEpisodes(1, 0.5, 1)).toEqual({ train: [0], val: [] });
  });

  it('rejects inconsistent data with a message naming the problem', () => {
    const base = {
      obs: new Float32Array(6),
      actions: new Float32Array(3),
      obsDim: 2,
      actDim: 1,
      episodeStarts: [0],
    };
    expect(() => validateData(base)).not.toThrow();
    expect(() => validateData({ ...base, obs: new Float32Array(5) })).toThrow(/obs has 5 values/);
    expect(() => validateData({ ...base, episodeStarts: [0, 5] })).toThrow(/episodeStarts\[1\]/);
    expect(() => validateData({ ...base, actions: new Float32Array([0, NaN, 0]) })).toThrow(
      /actions\[1\] is not finite/,
    );
  });
});
