import { robotMotion } from '../motion';
import { framePeriodNs, runs, seconds, timeAt } from '../stats';
import type { DatasetContext, EpisodeInput, SignalResult } from '../types';

export interface IdleOptions {
  /** A step is idle below this share of the dataset's median speed. */
  idleBelow: number;
  /** Idle stretches at least this long are reported as pauses. */
  minPauseS: number;
}

export const IDLE_DEFAULTS: IdleOptions = { idleBelow: 0.1, minPauseS: 0.5 };

/**
 * A hand holding a leader arm still is never still: its tremor moves the robot a little every step.
 * Progress is read over this long (s) instead, in which tremor cancels out and a hesitation shows.
 */
const PROGRESS_WINDOW_S = 0.3;

/**
 * Each step's speed as the net progress over the window centred on it (per step, in the same units
 * as the per-step speeds), so that jitter about a held pose reads as idle.
 */
function progressSpeeds(
  values: Float32Array,
  dim: number,
  scale: ArrayLike<number>,
  half: number,
): Float64Array {
  const n = values.length / dim;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i < n - 1; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n - 1, i + 1 + half);
    let s = 0;
    for (let d = 0; d < dim; d++)
      s += ((values[b * dim + d]! - values[a * dim + d]!) / (scale[d] as number)) ** 2;
    out[i] = Math.sqrt(s) / (b - a);
  }
  return out;
}

/** Idle runs widened by `half` steps each side: the window blurs a pause's edges by as much. */
function widened(idle: boolean[], half: number): boolean[] {
  const out = idle.slice();
  for (const [a, b] of runs(idle))
    for (let i = Math.max(0, a - half); i < Math.min(idle.length, b + half); i++) out[i] = true;
  return out;
}

/**
 * Share of the episode spent idle (moving at under a tenth of the task's usual speed), and every
 * pause of at least half a second as a span. Idle starts and ends count too: trim them away to
 * stop them counting. The pauses within the task are also measured in seconds, for the settings'
 * long-pause limit.
 */
export function idleSignal(
  ep: EpisodeInput,
  ctx: DatasetContext,
  o: IdleOptions = IDLE_DEFAULTS,
): SignalResult {
  const m = robotMotion(ep, ctx);
  if (!m) return { kind: 'idle', value: null, reason: 'too few frames to tell', spans: [] };
  const limit = o.idleBelow * (m.typicalSpeed > 0 ? m.typicalSpeed : 1);
  const period = framePeriodNs(m.series.timesNs) / 1e9;
  const half = period > 0 ? Math.floor(PROGRESS_WINDOW_S / 2 / period) : 0;
  const speeds = half > 0 ? progressSpeeds(m.series.values, m.series.dim, m.scale, half) : m.speeds;
  const still = Array.from(speeds, (s) => s < limit);
  // Pauses are located on the widened runs; the idle share counts only the steps read as still.
  const idle = widened(still, half);
  const times = m.series.timesNs;
  const idleSteps = still.filter(Boolean).length;
  const pauses = runs(idle)
    .map(([a, b]) => ({
      startNs: timeAt(times, a),
      endNs: timeAt(times, b),
      inner: a > 0 && b < idle.length,
    }))
    .filter((r) => r.endNs - r.startNs >= o.minPauseS * 1e9)
    .map(({ inner, ...r }) => ({
      inner,
      span: {
        kind: 'idle' as const,
        reason: `pauses for ${seconds(r.endNs - r.startNs)} at ${seconds(r.startNs)} (in ${m.label})`,
        ...r,
      },
    }));
  const spans = pauses.map((p) => p.span);
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
    // Stillness before the first move or after the last is for trimming, not a hesitation.
    measured: pauses
      .filter((p) => p.inner)
      .map(({ span }) => ({ size: (span.endNs - span.startNs) / 1e9, span })),
  };
}
