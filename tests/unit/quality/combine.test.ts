import { describe, expect, it } from 'vitest';
import { defaultQualitySettings } from '../../../src/common/api';
import { auroc, lengthMatchedAuroc } from '../../../src/quality/auroc';
import { combineScores, withAside } from '../../../src/quality/combine';
import { magnitudeSpectrum } from '../../../src/quality/fft';
import { robustZ } from '../../../src/quality/stats';
import type { SignalResult } from '../../../src/quality/types';

const sig = (kind: SignalResult['kind'], value: number | null): SignalResult => ({
  kind,
  value,
  reason: `${kind} ${value}`,
  spans: [{ kind, reason: `${kind} here`, startNs: 1, endNs: 2 }],
});

describe('combined score', () => {
  const episodes = Array.from({ length: 12 }, (_, i) => ({
    id: `e${String(i).padStart(2, '0')}`,
    task: '',
    durationNs: 10e9,
    signals: [sig('length', 10 + (i % 3) * 0.5), sig('noise', 0.05), sig('failure', 0)],
  }));
  episodes[3]!.signals[0] = sig('length', 30);
  episodes[7]!.signals[2] = sig('failure', 1);

  it('ranks an outlier and a failure first, with their flags and reasons', () => {
    const scored = combineScores(episodes, defaultQualitySettings());
    expect(
      scored
        .slice(0, 2)
        .map((s) => s.id)
        .sort(),
    ).toEqual(['e03', 'e07']);
    const long = scored.find((s) => s.id === 'e03')!;
    expect(long.flags).toEqual([
      expect.objectContaining({
        kind: 'length',
        startNs: 1,
        endNs: 2,
        reason: expect.stringMatching(
          /length here \(length 30; robust z 10\.0 within the task, whose median is 10\.5\d?\)/,
        ),
      }),
    ]);
    expect(scored.find((s) => s.id === 'e07')!.flags).toEqual([
      expect.objectContaining({ kind: 'failure', reason: 'failure here' }),
    ]);
    expect(scored.slice(2).every((s) => s.flags.length === 0)).toBe(true);
  });

  it('flags a long pause within the task even where most episodes pause as long', () => {
    const pause = (id: string, seconds: number) => ({
      id,
      task: '',
      durationNs: 10e9,
      signals: [
        {
          kind: 'idle' as const,
          value: seconds / 10,
          reason: `idle ${seconds * 10}%`,
          spans: [
            {
              kind: 'idle' as const,
              reason: `pauses for ${seconds} s`,
              startNs: 3e9,
              endNs: 3e9 + seconds * 1e9,
            },
          ],
          measured: [
            {
              size: seconds,
              span: {
                kind: 'idle' as const,
                reason: `pauses for ${seconds} s`,
                startNs: 3e9,
                endNs: 3e9 + seconds * 1e9,
              },
            },
          ],
        },
      ],
    });
    // Eight of twelve operators hesitate for about 2 s: no robust z reaches 2.5.
    const set = [
      ...Array.from({ length: 8 }, (_, i) => pause(`h${i}`, 1.8 + i * 0.05)),
      ...Array.from({ length: 4 }, (_, i) => pause(`c${i}`, 0.6)),
    ];
    const settings = defaultQualitySettings();
    expect(settings.longPauseS).toBe(1);
    const scored = combineScores(set, settings);
    const flagged = scored.filter((s) => s.flags.length > 0).map((s) => s.id);
    expect(flagged.sort()).toEqual(set.slice(0, 8).map((e) => e.id));
    const h0 = scored.find((s) => s.id === 'h0')!;
    expect(h0.flags).toEqual([
      expect.objectContaining({
        kind: 'idle',
        startNs: 3e9,
        reason: 'pauses for 1.8 s (the long-pause limit is 1 s)',
      }),
    ]);
    // A reason that ends in its own aside gets the limit inside it, not a second pair of brackets.
    expect(withAside('pauses for 1.1 s at 35.0 s (in joint positions)', 'the long-pause limit is 1 s')).toBe(
      'pauses for 1.1 s at 35.0 s (in joint positions; the long-pause limit is 1 s)',
    );
    // It counts like an absolute signal: every hesitating episode ranks above every clean one.
    expect(h0.score).toBe(settings.absoluteZ);
    expect(scored.slice(0, 8).every((s) => s.id.startsWith('h'))).toBe(true);
    // 0 turns the limit off; a zero weight leaves the signal out altogether.
    expect(combineScores(set, { ...settings, longPauseS: 0 }).every((s) => s.flags.length === 0)).toBe(true);
    const unweighted = { ...settings, weights: { ...settings.weights, idle: 0 } };
    expect(combineScores(set, unweighted).every((s) => s.flags.length === 0 && s.score === 0)).toBe(true);
  });

  it('follows the weights: a zero weight neither scores nor flags', () => {
    const settings = defaultQualitySettings();
    settings.weights.length = 0;
    const scored = combineScores(episodes, settings);
    expect(scored[0]!.id).toBe('e07');
    expect(scored.find((s) => s.id === 'e03')!).toMatchObject({ score: 0, flags: [] });
  });

  it('compares episodes within their task when a task has enough episodes', () => {
    const two = [
      ...episodes.map((e) => ({ ...e, task: 'short', signals: [sig('length', 10)] })),
      ...episodes.map((e) => ({ ...e, id: `L${e.id}`, task: 'long', signals: [sig('length', 40)] })),
    ];
    expect(combineScores(two, defaultQualitySettings()).every((s) => s.score === 0)).toBe(true);
  });
});

describe('helpers', () => {
  it('robust z ignores an outlier when estimating spread', () => {
    const z = robustZ([1, 2, 3, 4, 5, 6, 100, null]);
    expect(z[3]).toBe(0);
    expect(z[5]).toBeCloseTo(2 / (2 * 1.4826), 9);
    expect(z[6]).toBe(10);
    expect(z[7]).toBeNull();
  });

  it('FFT magnitudes match a direct DFT', () => {
    const x = Array.from({ length: 16 }, (_, i) => Math.sin(i * 0.7) + (i % 3));
    const mag = magnitudeSpectrum(x, 16);
    for (let k = 0; k <= 8; k++) {
      let re = 0;
      let im = 0;
      x.forEach((v, n) => {
        re += v * Math.cos((-2 * Math.PI * k * n) / 16);
        im += v * Math.sin((-2 * Math.PI * k * n) / 16);
      });
      expect(mag[k]).toBeCloseTo(Math.hypot(re, im), 9);
    }
    expect(() => magnitudeSpectrum(x, 12)).toThrow(/not a power of two/);
  });

  it('AUROC: perfect, inverted, ties, and length-matched groups', () => {
    expect(auroc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(auroc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(auroc([1, 1, 1, 1], [false, true, false, true])).toBe(0.5);
    // The score is the length itself: chance within groups of equal length.
    const len = [1, 1, 2, 2, 3, 3, 4, 4];
    const pos = [false, true, false, true, false, true, false, true];
    expect(auroc(len, pos)).toBe(0.5);
    expect(
      lengthMatchedAuroc(
        len.map((l, i) => l + (pos[i] ? 0.5 : 0)),
        pos,
        len,
        4,
      ),
    ).toBe(1);
    expect(lengthMatchedAuroc(len, pos, len, 4)).toBe(0.5);
  });
});
