import { describe, expect, it } from 'vitest';
import { locateInWindows, mergeProblem, partName } from '../../../src/common/episodeWindows';
import { clipSpan, cutWindows, frameRange, joinSpans } from '../../../src/episodes/window';
import { frameOfMediaTime, seekTargetSeconds } from '../../../app/features/replay/frames';

describe('cutting windows', () => {
  it('covers the episode between the cuts and finds the frames of each window', () => {
    expect(cutWindows(10, [3, 7])).toEqual([
      { startNs: 0, endNs: 3 },
      { startNs: 3, endNs: 7 },
      { startNs: 7, endNs: 10 },
    ]);
    const times = [0, 2, 3, 5, 9];
    expect(frameRange(times, 0, 3)).toEqual([0, 2]);
    expect(frameRange(times, 3, 7)).toEqual([2, 4]);
    expect(frameRange(times, 6, 9)).toEqual([4, 4]);
  });

  it('clips a span to a window in the window’s time, dropping slivers', () => {
    const seg = { startNs: 2_000_000, endNs: 9_000_000, label: 'reach' };
    expect(clipSpan(seg, { startNs: 5_000_000, endNs: 20_000_000 })).toEqual({
      startNs: 0,
      endNs: 4_000_000,
      label: 'reach',
    });
    expect(clipSpan(seg, { startNs: 8_500_000, endNs: 20_000_000 })).toBeNull();
    expect(clipSpan(seg, { startNs: 8_500_000, endNs: 20_000_000 }, 1)).toMatchObject({ endNs: 500_000 });
    expect(clipSpan(seg, { startNs: 9_000_000, endNs: 20_000_000 }, 1)).toBeNull();
  });

  it('joins only the spans the caller allows', () => {
    const spans = [
      { startNs: 0, endNs: 5, tag: 'a' },
      { startNs: 5, endNs: 8, tag: 'a' },
      { startNs: 8, endNs: 9, tag: 'b' },
    ];
    expect(joinSpans(spans, (p, n) => p.tag === n.tag)).toEqual([
      { startNs: 0, endNs: 8, tag: 'a' },
      { startNs: 8, endNs: 9, tag: 'b' },
    ]);
  });
});

describe('parts of one recording', () => {
  const part = (id: string, offsetNs: number, durationNs: number, root = 'ep_root', datasetId = 'ds') => ({
    id,
    name: id,
    datasetId,
    durationNs,
    origin: { episodeId: root, offsetNs },
  });

  it('may be merged when adjacent, in any order, within the tolerance', () => {
    const r = mergeProblem([part('b', 100, 50), part('a', 0, 99)], 2);
    expect(r.problem).toBeNull();
    expect(r.sorted?.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('are refused with a reason otherwise', () => {
    expect(mergeProblem([part('a', 0, 50)], 0).problem).toMatch(/two or more/);
    expect(mergeProblem([part('a', 0, 50), part('b', 60, 50)], 0).problem).toMatch(/lie between "a" and "b"/);
    expect(mergeProblem([part('a', 0, 50), part('b', 40, 50)], 0).problem).toMatch(/overlap by/);
    expect(mergeProblem([part('a', 0, 50), part('b', 50, 50, 'ep_other')], 0).problem).toMatch(
      /only parts of one recording can be merged/,
    );
    expect(mergeProblem([part('a', 0, 50), part('b', 50, 50, 'ep_root', 'ds2')], 0).problem).toMatch(
      /different datasets/,
    );
    const whole = { id: 'w', name: 'w', datasetId: 'ds', durationNs: 50, origin: null };
    expect(mergeProblem([whole, part('b', 50, 50)], 0).problem).toMatch(/"w" \(w\) is a whole recording/);
  });

  it('locate a moment of the recording in the window that holds it', () => {
    const windows = [
      { id: 'a', rootId: 'r', offsetNs: 0, durationNs: 100 },
      { id: 'b', rootId: 'r', offsetNs: 100, durationNs: 50 },
    ];
    expect(locateInWindows(windows, 100)).toEqual({ id: 'b', atNs: 0 });
    expect(locateInWindows(windows, 99)).toEqual({ id: 'a', atNs: 99 });
    expect(locateInWindows(windows, 500)).toEqual({ id: 'b', atNs: 49 });
    expect(partName('pick', 1_250_000_000, 4_000_000_000)).toBe('pick 1.25–4.00 s');
  });
});

describe('video offsets', () => {
  it('seek to the offset plus the frame midpoint and read presented frames back without it', () => {
    const times = Float64Array.from([0, 100e6, 200e6]);
    expect(seekTargetSeconds(times, 1, 0)).toBeCloseTo(0.15, 9);
    expect(seekTargetSeconds(times, 1, 2.5e9)).toBeCloseTo(2.65, 9);
    expect(frameOfMediaTime(times, 2.6, 2.5e9)).toBe(1);
    expect(frameOfMediaTime(times, 2.5, 2.5e9)).toBe(0);
    // A frame of the file before the part's window is none of the part's frames.
    expect(frameOfMediaTime(times, 0, 2.5e9)).toBe(-1);
  });
});
