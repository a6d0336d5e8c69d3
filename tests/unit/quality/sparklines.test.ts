import { describe, expect, it } from 'vitest';
import { speedSparkline } from '../../../src/quality/sparklines';

// 1 s at 10 Hz on one column: still for the first half, then moving 1 unit per step.
function series(): { columns: string[]; dim: number; values: Float32Array; timesNs: Float64Array } {
  const n = 11;
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = i <= 5 ? 0 : i - 5;
  return { columns: ['x'], dim: 1, values, timesNs: Float64Array.from({ length: n }, (_, i) => i * 1e8) };
}

describe('speed sparkline', () => {
  it('buckets the speed in equal time: still, then moving at spread/s', () => {
    const s = speedSparkline(series(), 2);
    expect(s).toHaveLength(2);
    expect(s[0]).toBe(0);
    // Spread 5, one unit per 0.1 s: 2 spreads per second.
    expect(s[1]).toBeCloseTo(2, 3);
  });

  it('a bucket without a step carries the last speed on; too short a series has none', () => {
    const s = speedSparkline(series(), 40);
    expect(s).toHaveLength(40);
    expect(s.every((v) => Number.isFinite(v))).toBe(true);
    expect(s[39]).toBeCloseTo(2, 3);
    expect(speedSparkline(null, 8)).toEqual([]);
    const short = series();
    expect(
      speedSparkline({ ...short, values: short.values.slice(0, 2), timesNs: short.timesNs.slice(0, 2) }, 8),
    ).toEqual([]);
  });
});
