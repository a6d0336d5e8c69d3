import { robotMotion } from '../motion';
import { runs, seconds, timeAt } from '../stats';
import type { DatasetContext, EpisodeInput, SignalResult } from '../types';

export interface IdleOptions {
  /** A step is idle below this share of the dataset's median speed. */
  idleBelow: number;
  /** Idle stretches at least this long are reported as pauses. */
  minPauseS: number;
}

export const IDLE_DEFAULTS: IdleOptions = { idleBelow: 0.1, minPauseS: 0.5 };

/**
 * Share of the episode spent idle (moving at under a tenth of the task's usual speed), and every
 * pause of at least half a second as a span. Idle starts and ends count too: trim them away to
 * stop them counting.
 */
export function idleSignal(
  ep: EpisodeInput,
  ctx: DatasetContext,
  o: IdleOptions = IDLE_DEFAULTS,
): SignalResult {
  const m = robotMotion(ep, ctx);
  if (!m) return { kind: 'idle', value: null, reason: 'too few frames to tell', spans: [] };
  const limit = o.idleBelow * (m.typicalSpeed > 0 ? m.typicalSpeed : 1);
  const idle = Array.from(m.speeds, (s) => s < limit);
  const times = m.series.timesNs;
  const idleSteps = idle.filter(Boolean).length;
  const spans = runs(idle)
    .map(([a, b]) => ({ startNs: timeAt(times, a), endNs: timeAt(times, b) }))
    .filter((r) => r.endNs - r.startNs >= o.minPauseS * 1e9)
    .map((r) => ({
      kind: 'idle' as const,
      reason: `pauses for ${seconds(r.endNs - r.startNs)} at ${seconds(r.startNs)} (in ${m.label})`,
      ...r,
    }));
  const fraction = idleSteps / Math.max(1, idle.length);
  const longest = spans.reduce((a, s) => Math.max(a, s.endNs - s.startNs), 0);
  return {
    kind: 'idle',
    value: fraction,
    reason:
      `idle ${(fraction * 100).toFixed(0)}% of the time` +
      (spans.length ? `, ${spans.length} pause(s), the longest ${seconds(longest)}` : '') +
      ` (read from ${m.label})`,
    spans,
  };
}
