import { actionMotion } from '../motion';
import { seconds, timeAt, windowFrames, worstWindow } from '../stats';
import type { DatasetContext, EpisodeInput, SignalResult } from '../types';

/**
 * High-frequency action noise: the RMS of the action's second difference (in units of each
 * column's dataset spread, averaged over columns) divided by sqrt(6), which for white noise on a smooth command is the
 * noise's standard deviation. The span is the noisiest second.
 */
export function noiseSignal(ep: EpisodeInput, ctx: DatasetContext): SignalResult {
  const m = actionMotion(ep, ctx);
  if (!m) return { kind: 'noise', value: null, reason: 'too few frames to tell', spans: [] };
  const { values, dim, timesNs } = m.series;
  const n = values.length / dim;
  const energy = new Float64Array(n);
  let total = 0;
  for (let i = 1; i + 1 < n; i++) {
    let e = 0;
    for (let d = 0; d < dim; d++) {
      const d2 = values[(i + 1) * dim + d]! - 2 * values[i * dim + d]! + values[(i - 1) * dim + d]!;
      e += (d2 / m.scale[d]!) ** 2;
    }
    energy[i] = e;
    total += e;
  }
  const value = Math.sqrt(total / Math.max(1, (n - 2) * 6 * dim));
  const w = windowFrames(timesNs, 1);
  const worst = worstWindow(energy, w);
  const startNs = timeAt(timesNs, worst.start);
  const endNs = timeAt(timesNs, worst.start + w);
  const local = Math.sqrt(worst.sum / Math.max(1, w * 6 * dim));
  return {
    kind: 'noise',
    value,
    reason: `step-to-step noise ${(value * 100).toFixed(1)}% of the task's spread (read from ${m.label})`,
    spans: [
      {
        kind: 'noise',
        reason: `the noisiest commands (${(local * 100).toFixed(1)}% of the spread) are between ${seconds(startNs)} and ${seconds(endNs)} (in ${m.label})`,
        startNs,
        endNs,
      },
    ],
  };
}
