import { describe, expect, it, vi } from 'vitest';
import {
  clampRange,
  followPlayhead,
  fitRange,
  panBy,
  selectionAxes,
  SharedRange,
  wheelFactor,
  zoomAbout,
} from '../../../app/features/replay/plotZoom';

describe('zoomAbout', () => {
  it('keeps the value under the pointer where it was', () => {
    const r = zoomAbout({ min: 0, max: 10 }, 2, 0.5);
    expect(r).toEqual({ min: 1, max: 6 });
    // 2 was at 20% of the range and still is.
    expect((2 - r.min) / (r.max - r.min)).toBeCloseTo(0.2);
  });

  it('zooms out about the pointer with a factor above 1', () => {
    expect(zoomAbout({ min: 4, max: 6 }, 5, 2)).toEqual({ min: 3, max: 7 });
  });

  it('stops at the minimum span instead of collapsing', () => {
    const r = zoomAbout({ min: 0, max: 1 }, 0.5, 1e-9, 0.01);
    expect(r.max - r.min).toBeCloseTo(0.01);
    expect((r.min + r.max) / 2).toBeCloseTo(0.5);
  });
});

describe('panBy', () => {
  it('moves by a fraction of the span and keeps the width', () => {
    expect(panBy({ min: 10, max: 20 }, 0.25)).toEqual({ min: 12.5, max: 22.5 });
    expect(panBy({ min: 10, max: 20 }, -1)).toEqual({ min: 0, max: 10 });
  });
});

describe('clampRange', () => {
  const limits = { min: 0, max: 100 };

  it('leaves a range inside the limits alone', () => {
    expect(clampRange({ min: 10, max: 20 }, limits)).toEqual({ min: 10, max: 20 });
  });

  it('shifts a range that pokes out back inside, keeping its width', () => {
    expect(clampRange({ min: -5, max: 15 }, limits)).toEqual({ min: 0, max: 20 });
    expect(clampRange({ min: 90, max: 110 }, limits)).toEqual({ min: 80, max: 100 });
  });

  it('turns a range wider than the limits into the limits', () => {
    expect(clampRange({ min: -50, max: 300 }, limits)).toEqual(limits);
  });

  it('widens a too-narrow range about its middle and orders reversed ends', () => {
    expect(clampRange({ min: 50, max: 50 }, limits, 2)).toEqual({ min: 49, max: 51 });
    expect(clampRange({ min: 30, max: 20 }, null)).toEqual({ min: 20, max: 30 });
  });

  it('has no bounds without limits', () => {
    expect(clampRange({ min: -1e6, max: 1e6 }, null)).toEqual({ min: -1e6, max: 1e6 });
  });
});

describe('wheelFactor', () => {
  it('zooms in for a wheel turned up and out for one turned down, about 1.25 a notch', () => {
    expect(wheelFactor(-100)).toBeLessThan(1);
    expect(wheelFactor(100)).toBeCloseTo(1.25, 1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
  });

  it('is bounded for huge deltas', () => {
    expect(wheelFactor(1e6)).toBe(2);
    expect(wheelFactor(-1e6)).toBe(0.5);
  });
});

describe('selectionAxes', () => {
  const plot = { width: 400, height: 100 };

  it('reads a horizontal band as x only, a vertical band as y only, a box as both', () => {
    expect(selectionAxes({ left: 50, width: 100, top: 0, height: 100 }, plot)).toEqual({ x: true, y: false });
    expect(selectionAxes({ left: 0, width: 400, top: 20, height: 30 }, plot)).toEqual({ x: false, y: true });
    expect(selectionAxes({ left: 50, width: 100, top: 20, height: 30 }, plot)).toEqual({ x: true, y: true });
  });

  it('reads an empty selection as no zoom', () => {
    expect(selectionAxes({ left: 0, width: 0, top: 0, height: 0 }, plot)).toEqual({ x: false, y: false });
  });
});

describe('fitRange', () => {
  it('adds a margin around the data', () => {
    expect(fitRange(0, 10)).toEqual({ min: -0.5, max: 10.5 });
  });

  it('gives flat data some height', () => {
    const r = fitRange(40, 40);
    expect(r.min).toBeLessThan(40);
    expect(r.max).toBeGreaterThan(40);
    const z = fitRange(0, 0);
    expect(z.max - z.min).toBeGreaterThan(0);
  });
});

describe('SharedRange', () => {
  it('tells every listener about a change, clamped to its limits', () => {
    const shared = new SharedRange({ min: 0, max: 10 }, 0.01);
    const a = vi.fn();
    const b = vi.fn();
    shared.onDidChange(a);
    const off = shared.onDidChange(b);
    shared.set({ min: -2, max: 3 });
    expect(shared.range).toEqual({ min: 0, max: 5 });
    expect(a).toHaveBeenCalledWith({ min: 0, max: 5 });
    expect(b).toHaveBeenCalledTimes(1);

    off();
    shared.reset();
    expect(shared.range).toEqual({ min: 0, max: 10 });
    expect(a).toHaveBeenCalledTimes(2);
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('does not notify when nothing changed', () => {
    const shared = new SharedRange({ min: 0, max: 10 }, 0.01);
    const a = vi.fn();
    shared.onDidChange(a);
    shared.set({ min: 0, max: 10 });
    shared.set({ min: -1, max: 20 });
    expect(a).not.toHaveBeenCalled();
  });
});

describe('followPlayhead', () => {
  it('leaves the view alone while the playhead is in it', () => {
    expect(followPlayhead({ min: 2, max: 4 }, 3.9, true)).toBeNull();
  });
  it('pages forwards with the playhead a tenth in from the left, keeping the width', () => {
    const r = followPlayhead({ min: 2, max: 4 }, 4.05, true)!;
    expect(r.min).toBeCloseTo(3.85);
    expect(r.max - r.min).toBeCloseTo(2);
  });
  it('pages backwards when playing in reverse', () => {
    const r = followPlayhead({ min: 2, max: 4 }, 1.9, false)!;
    expect(r.max).toBeCloseTo(2.1);
  });
});
