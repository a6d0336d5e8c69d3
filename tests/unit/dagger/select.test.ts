import { describe, expect, it } from 'vitest';
import { novelty, priority, topFrames } from '../../../src/dagger/select';

describe('uncertainty selection', () => {
  it('measures novelty as the distance to the nearest labelled state, in units of each std', () => {
    const stats = { mean: [0, 0], std: [1, 2] };
    const known = Float32Array.of(0, 0, 10, 10);
    const d = novelty(Float32Array.of(0, 4, 10, 10, 3, 0), known, stats);
    expect(Array.from(d)).toEqual([2, 0, 3]);
    expect(Array.from(novelty(Float32Array.of(1, 1), new Float32Array(0), stats))).toEqual([Infinity]);
  });

  it('ranks frames by disagreement rank plus novelty rank and keeps the top B in frame order', () => {
    const disagree = [0.1, 0.9, 0.5, 0.0];
    const novel = [5, 4, 6, 0];
    const p = priority(disagree, novel);
    expect(Array.from(p)).toEqual([1 + 2, 3 + 1, 2 + 3, 0 + 0]);
    expect(topFrames(p, 2)).toEqual([1, 2]);
    expect(topFrames(p, 10)).toEqual([0, 1, 2, 3]);
    expect(topFrames(p, 0)).toEqual([]);
  });
});
