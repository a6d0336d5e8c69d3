import { describe, expect, it } from 'vitest';
import { idleSignal } from '../../../src/quality/signals/idle';
import { jerkSignal } from '../../../src/quality/signals/jerk';
import { lengthSignal } from '../../../src/quality/signals/length';
import { noiseSignal } from '../../../src/quality/signals/noise';
import { pathSignal } from '../../../src/quality/signals/path';
import { failureSignal } from '../../../src/quality/signals/failure';
import { datasetContext } from '../../../src/quality/context';
import { contextWith, episode, reach, series, withNoise, withPause } from './synthetic';

describe('length', () => {
  it('is the duration in seconds over the whole episode', () => {
    const r = lengthSignal(episode('a', reach(51)));
    expect(r.value).toBeCloseTo(5, 6);
    expect(r.spans).toEqual([expect.objectContaining({ startNs: 0, endNs: 5e9 })]);
  });
});

describe('idle', () => {
  it('finds a 2 s pause at the right time and none in a smooth reach', () => {
    const paused = episode('p', withPause(reach(50), 20, 20));
    const ctx = contextWith(paused);
    const r = idleSignal(paused, ctx);
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]!.startNs).toBeGreaterThanOrEqual(1.9e9);
    expect(r.spans[0]!.startNs).toBeLessThanOrEqual(2.1e9);
    expect(r.spans[0]!.endNs - r.spans[0]!.startNs).toBeGreaterThanOrEqual(1.8e9);
    expect(r.spans[0]!.reason).toMatch(/pauses for 2\.\d s at 2\.\d s/);
    const smooth = idleSignal(episode('s', reach(50)), ctx);
    expect(smooth.spans).toEqual([]);
    // The share counts the steps read as still: a pause's first and last step sit in a moving window.
    expect(r.value!).toBeGreaterThan(smooth.value! + 0.2);
  });

  it('reads a hand trembling about a held pose as a pause (progress over 0.3 s, not per step)', () => {
    // 30 Hz, a 2 s hold from 2 s on, with a tremor of about a tenth of the reach's usual step.
    const rows = withPause(reach(150), 60, 60).map((r, i) =>
      i >= 60 && i < 120 ? r.map((v, d) => v + 0.004 * Math.sin(i * 2.1 + d)) : r,
    );
    const t = Float64Array.from({ length: rows.length }, (_, i) => (i * 1e9) / 30);
    const held = episode('t', rows);
    held.state = series(rows, ['x', 'y'], t);
    held.action = series(rows, ['x', 'y'], t);
    held.durationNs = t[t.length - 1]!;
    const usual = Array.from({ length: 10 }, (_, i) => {
      const e = episode(`u${i}`, reach(140 + i));
      const ti = Float64Array.from({ length: 140 + i }, (_, k) => (k * 1e9) / 30);
      e.state = series(reach(140 + i), ['x', 'y'], ti);
      e.action = series(reach(140 + i), ['x', 'y'], ti);
      return e;
    });
    const ctx = datasetContext([...usual, held]);
    // Per step, the tremor moves faster than a tenth of the usual speed.
    const step = Math.hypot(0.004 * (Math.sin(61 * 2.1) - Math.sin(60 * 2.1)), 0);
    expect(step / ctx.motionScale![0]!).toBeGreaterThan(0.1 * ctx.motionSpeed);
    const r = idleSignal(held, ctx);
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]!.startNs).toBeGreaterThanOrEqual(1.85e9);
    expect(r.spans[0]!.startNs).toBeLessThanOrEqual(2.15e9);
    expect(r.spans[0]!.endNs - r.spans[0]!.startNs).toBeGreaterThanOrEqual(1.7e9);
  });

  it('measures the pauses within the task in seconds, not the stillness before the first move', () => {
    const both = episode('b', withPause(withPause(reach(50), 25, 20), 0, 20));
    const r = idleSignal(both, contextWith(both));
    expect(r.spans).toHaveLength(2);
    expect(r.spans[0]!.startNs).toBe(0);
    expect(r.measured).toHaveLength(1);
    const [pause] = r.measured!;
    expect(pause!.span).toBe(r.spans[1]);
    expect(pause!.span.startNs).toBeGreaterThanOrEqual(4.4e9);
    expect(pause!.size).toBeCloseTo((pause!.span.endNs - pause!.span.startNs) / 1e9, 9);
    expect(pause!.size).toBeGreaterThanOrEqual(1.8);
  });

  it('ignores pauses shorter than half a second', () => {
    const short = episode('q', withPause(reach(50), 20, 3));
    expect(idleSignal(short, contextWith(short)).spans).toEqual([]);
  });
});

describe('jerk (spectral arc length)', () => {
  it('is about -1.4 for a minimum-jerk reach and more negative with jerks, located at them', () => {
    const rows = reach(60);
    // Three abrupt stop-and-go jerks between frames 30 and 40.
    const jerky = rows.map((r, i) => (i >= 30 && i < 40 && i % 3 === 0 ? [r[0]! - 0.08, r[1]! - 0.08] : r));
    const a = episode('a', rows);
    const b = episode('b', jerky);
    const ctx = contextWith(a, b);
    const smooth = jerkSignal(a, ctx);
    const rough = jerkSignal(b, ctx);
    expect(smooth.value!).toBeGreaterThan(1.3);
    expect(smooth.value!).toBeLessThan(1.8);
    expect(rough.value!).toBeGreaterThan(smooth.value! + 0.5);
    const span = rough.spans[0]!;
    expect(span.startNs).toBeGreaterThanOrEqual(2.5e9);
    expect(span.endNs).toBeLessThanOrEqual(4.5e9);
  });
});

describe('path efficiency', () => {
  it('is near 1 for a straight reach; a detour lowers it and is located', () => {
    const rows = reach(60);
    const detour = rows.map((r, i) =>
      i >= 20 && i < 30 ? [r[0]! + 0.3 * Math.sin(((i - 20) / 10) * Math.PI), r[1]!] : r,
    );
    const a = episode('a', rows);
    const b = episode('b', detour);
    const ctx = contextWith(a, b);
    const straight = pathSignal(a, ctx);
    const wandering = pathSignal(b, ctx);
    expect(straight.value!).toBeLessThan(0.02);
    expect(wandering.value!).toBeGreaterThan(straight.value! + 0.1);
    expect(wandering.spans[0]!.startNs).toBeGreaterThanOrEqual(1.9e9);
    expect(wandering.spans[0]!.endNs).toBeLessThanOrEqual(3.1e9);
  });
});

describe('high-frequency action noise', () => {
  it('estimates the added white noise in units of the column spread', () => {
    const clean = episode('c', reach(200));
    const noisy = episode('n', withNoise(reach(200), 0.02));
    const ctx = contextWith(clean, noisy);
    const a = noiseSignal(clean, ctx);
    const b = noiseSignal(noisy, ctx);
    // 0.02 absolute over a column spread of about 0.4: about 5%.
    const spread = ctx.actionScale![0]!;
    expect(b.value!).toBeGreaterThan((0.02 / spread) * 0.8);
    expect(b.value!).toBeLessThan((0.02 / spread) * 1.2);
    expect(a.value!).toBeLessThan(b.value! / 5);
  });
});

describe('task failure', () => {
  it('is 1 with a span at the end for a failure, 0 for a success, null when unknown', () => {
    const rows = reach(30);
    expect(failureSignal(episode('f', rows, { success: false }))).toMatchObject({
      value: 1,
      spans: [{ startNs: 1.9e9, endNs: 2.9e9 }],
    });
    expect(failureSignal(episode('s', rows, { success: true })).value).toBe(0);
    expect(failureSignal(episode('u', rows)).value).toBeNull();
  });
});
