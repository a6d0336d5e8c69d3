import { describe, expect, it } from 'vitest';
import { timeDerivative } from '../../../app/features/replay/derive';

describe('timeDerivative', () => {
  it('is exact for a line sampled at uneven times', () => {
    const t = Float64Array.from([0, 0.1, 0.15, 0.4, 1]);
    const [v] = timeDerivative(t, [t.map((x) => 3 * x - 2)]);
    for (const x of v!) expect(x).toBeCloseTo(3, 12);
  });

  it('follows cos for sin at 100 Hz, and is 0 for a constant', () => {
    const t = Float64Array.from({ length: 200 }, (_, i) => i / 100);
    const [v, c] = timeDerivative(t, [t.map(Math.sin), t.map(() => 7)]);
    for (let i = 1; i < 199; i++) expect(v![i]).toBeCloseTo(Math.cos(t[i]!), 3);
    expect([...c!].every((x) => x === 0)).toBe(true);
  });

  it('gives 0, not a division by zero, for a single sample or repeated times', () => {
    expect([...timeDerivative(Float64Array.from([1]), [Float64Array.from([5])])[0]!]).toEqual([0]);
    expect([...timeDerivative(Float64Array.from([1, 1]), [Float64Array.from([5, 6])])[0]!]).toEqual([0, 0]);
  });
});
