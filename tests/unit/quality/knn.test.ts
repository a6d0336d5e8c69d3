import { describe, expect, it } from 'vitest';
import { kthNearestOtherGroup } from '../../../src/quality/knn';
import { mulberry32 } from '../../../src/sim/random';

describe('k-th nearest point of another group', () => {
  it('equals a brute-force search on random points', () => {
    const r = mulberry32(3);
    const n = 400;
    const dim = 5;
    const points = Float64Array.from({ length: n * dim }, () => r() * (r() < 0.1 ? 10 : 1));
    const group = Int32Array.from({ length: n }, (_, i) => i % 17);
    const fast = kthNearestOtherGroup(points, dim, group, 2);
    for (let a = 0; a < n; a++) {
      const d = [];
      for (let b = 0; b < n; b++) {
        if (group[a] === group[b]) continue;
        let sq = 0;
        for (let k = 0; k < dim; k++) sq += (points[a * dim + k]! - points[b * dim + k]!) ** 2;
        d.push(Math.sqrt(sq));
      }
      d.sort((x, y) => x - y);
      expect(fast[a]).toBeCloseTo(d[1]!, 12);
    }
  });

  it('is infinite where fewer than k points of other groups exist', () => {
    // Points 0 and 1 (group 0) have one point of another group; point 2 has two, the second at 2.
    const points = Float64Array.of(0, 1, 2);
    expect([...kthNearestOtherGroup(points, 1, Int32Array.of(0, 0, 1), 2)]).toEqual([Infinity, Infinity, 2]);
  });
});
