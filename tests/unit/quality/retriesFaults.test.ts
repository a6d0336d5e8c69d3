import { describe, expect, it } from 'vitest';
import { faultsSignal } from '../../../src/quality/signals/faults';
import { retriesSignal } from '../../../src/quality/signals/retries';
import { contextWith, episode, reach, series, times } from './synthetic';

/** Reach out and back to the start and out again: a return to an earlier state at frame 40. */
const outAndBack = () => [...reach(20), ...reach(20).reverse(), ...reach(20)];

describe('retries', () => {
  it('counts a second grasp (close, open, close again) and locates it', () => {
    // gripper: open (1) until 1 s, closed until 2 s, open until 3 s, closed again to the end.
    const grip = (i: number) => (i < 10 ? 1 : i < 20 ? 0 : i < 30 ? 1 : 0);
    const rows = reach(50).map((r, i) => [...r, grip(i)]);
    const ep = episode('g', rows, {}, ['x', 'y', 'gripper']);
    const r = retriesSignal(ep, contextWith());
    const regrasps = r.spans.filter((s) => s.reason.includes('gripper'));
    expect(regrasps).toHaveLength(1);
    expect(regrasps[0]).toMatchObject({ startNs: 2e9, endNs: 3e9 });
    const once = episode(
      'o',
      reach(50).map((r2, i) => [...r2, i < 10 || i >= 20 ? 1 : 0]),
      {},
      ['x', 'y', 'gripper'],
    );
    expect(retriesSignal(once, contextWith()).spans.filter((s) => s.reason.includes('gripper'))).toEqual([]);
  });

  it('finds a return to an earlier state, and none in a straight reach', () => {
    const back = episode('b', outAndBack());
    const ctx = contextWith(back);
    const r = retriesSignal(back, ctx);
    expect(r.value).toBeGreaterThanOrEqual(1);
    const first = r.spans[0]!;
    expect(first.reason).toMatch(/returns at/);
    // Back at the start (frame 39, 3.9 s) from frame 0.
    expect(first.startNs).toBe(0);
    expect(first.endNs).toBeGreaterThanOrEqual(3.6e9);
    expect(first.endNs).toBeLessThanOrEqual(4.1e9);
    expect(retriesSignal(episode('s', reach(60)), ctx).value).toBe(0);
  });
});

describe('recording faults', () => {
  it('finds a timestamp gap with the number of frames dropped', () => {
    const t = times(40);
    for (let i = 20; i < 40; i++) t[i] = t[i]! + 5e8;
    const ep = episode('gap', reach(40));
    ep.state = series(reach(40), ['x', 'y'], t);
    const r = faultsSignal(ep, contextWith());
    expect(r.spans.map((s) => s.reason)).toContainEqual(
      expect.stringMatching(/observation.state: no frame for 0.6 s at 1.9 s \(about 5 dropped\)/),
    );
    expect(r.spans.find((s) => s.reason.includes('no frame'))).toMatchObject({
      startNs: 1.9e9,
      endNs: 2.5e9,
    });
  });

  it('finds time going backwards', () => {
    const t = times(30);
    t[15] = t[13]!;
    const ep = episode('back', reach(30));
    ep.action = series(reach(30), ['x', 'y'], t);
    expect(faultsSignal(ep, contextWith()).spans.map((s) => s.reason)).toContainEqual(
      expect.stringMatching(/action: time goes backwards or repeats/),
    );
  });

  it('finds streams that start apart (desynchronised)', () => {
    const ep = episode('desync', reach(40));
    ep.action = series(
      reach(40),
      ['x', 'y'],
      times(40).map((x) => x + 1e9),
    );
    const r = faultsSignal(ep, contextWith());
    expect(r.spans.map((s) => s.reason)).toContainEqual(expect.stringMatching(/start 1.0 s apart/));
  });

  it('finds a joint that never moves where the others move, and one pinned at a rare limit', () => {
    const frozen = episode(
      'frozen',
      reach(40).map((r) => [r[0]!, 0.25]),
    );
    expect(faultsSignal(frozen, contextWith(frozen)).spans.map((s) => s.reason)).toContainEqual(
      expect.stringMatching(/^y does not change at all/),
    );
    // x runs past every other episode's range and sits at its new maximum (2) for 2 s.
    const pinned = episode('pinned', [
      ...reach(30).map((r) => [r[0]! * 2, r[1]!]),
      ...Array.from({ length: 20 }, () => [2, 1]),
    ]);
    const r = faultsSignal(pinned, contextWith(pinned));
    expect(r.spans.find((s) => s.reason.startsWith('x is pinned at its maximum'))).toMatchObject({
      endNs: 4.9e9,
    });
  });

  it('reports video frames that did not decode and dropped video frames', () => {
    const ep = episode('video', reach(30));
    const vt = times(30);
    for (let i = 10; i < 30; i++) vt[i] = vt[i]! + 3e8;
    ep.videos = [{ name: 'observation.images.top', timesNs: vt, missing: [[4, 6]] }];
    const reasons = faultsSignal(ep, contextWith()).spans.map((s) => s.reason);
    expect(reasons).toContainEqual('observation.images.top: frames 4-6 do not decode');
    expect(reasons).toContainEqual(expect.stringMatching(/observation.images.top: no frame for 0.4 s/));
  });

  it('finds nothing in a clean recording', () => {
    const ep = episode('clean', reach(40));
    expect(faultsSignal(ep, contextWith(ep))).toMatchObject({ value: 0, spans: [] });
  });
});
