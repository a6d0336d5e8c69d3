import { robotMotion } from '../motion';
import { seconds, timeAt, windowFrames } from '../stats';
import type { DatasetContext, EpisodeInput, SignalResult } from '../types';

/**
 * Path efficiency of the robot's motion (its pose, else its commands), second by second: the straight-line distance over the
 * distance travelled within each one-second window (1 = straight, lower = wandering or doubling
 * back), weighted by distance, over the seconds that move at least half the task's usual amount.
 * The value is the inefficiency (1 - efficiency), and the span is the least efficient such second.
 */
export function pathSignal(ep: EpisodeInput, ctx: DatasetContext): SignalResult {
  const m = robotMotion(ep, ctx);
  if (!m) return { kind: 'path', value: null, reason: 'too few frames to tell', spans: [] };
  const { values, dim, timesNs } = m.series;
  const n = values.length / dim;
  const w = windowFrames(timesNs, 1);
  let chordSum = 0;
  let arcSum = 0;
  let worst: { start: number; eff: number } | null = null;
  const usual = m.typicalSpeed * w * 0.5;
  for (let a = 0; a + 1 < n; a += w) {
    const b = Math.min(n - 1, a + w);
    let arc = 0;
    for (let i = a; i < b; i++) arc += m.speeds[i]!;
    let chord = 0;
    for (let d = 0; d < dim; d++) chord += ((values[b * dim + d]! - values[a * dim + d]!) / m.scale[d]!) ** 2;
    chord = Math.sqrt(chord);
    // Seconds of near-rest are left out: there, sensor noise or small corrections, not the path, set the ratio.
    if (arc < usual) continue;
    chordSum += chord;
    arcSum += arc;
    const eff = chord / arc;
    if (worst === null || eff < worst.eff) worst = { start: a, eff };
  }
  const efficiency = arcSum > 0 ? chordSum / arcSum : 1;
  const spans = [];
  if (worst !== null) {
    const startNs = timeAt(timesNs, worst.start);
    const endNs = timeAt(timesNs, worst.start + w);
    spans.push({
      kind: 'path' as const,
      reason: `travels ${(1 / Math.max(worst.eff, 1e-3)).toFixed(1)}x the straight-line distance between ${seconds(startNs)} and ${seconds(endNs)} (in ${m.label})`,
      startNs,
      endNs,
    });
  }
  return {
    kind: 'path',
    value: 1 - efficiency,
    reason: `path efficiency ${(efficiency * 100).toFixed(0)}% (straight-line over travelled distance, per second; read from ${m.label})`,
    spans,
  };
}
