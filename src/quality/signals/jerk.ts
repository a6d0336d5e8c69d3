import { sparc } from '../fft';
import { robotMotion } from '../motion';
import { framePeriodNs, seconds, timeAt, windowFrames, worstWindow } from '../stats';
import type { DatasetContext, EpisodeInput, SignalResult } from '../types';

/**
 * Smoothness: the spectral arc length of the speed profile (higher value = less smooth), and the
 * roughest second, where the speed changes direction most abruptly (largest summed |jerk|).
 */
export function jerkSignal(ep: EpisodeInput, ctx: DatasetContext): SignalResult {
  const m = robotMotion(ep, ctx);
  if (!m || m.speeds.length < 4)
    return { kind: 'jerk', value: null, reason: 'too few frames to tell', spans: [] };
  const times = m.series.timesNs;
  const hz = 1e9 / framePeriodNs(times);
  const value = -sparc(m.speeds, hz);
  // |second difference of speed| ~ |jerk| along the path, per step.
  const jerk = new Float64Array(m.speeds.length);
  for (let i = 1; i + 1 < m.speeds.length; i++)
    jerk[i] = Math.abs(m.speeds[i + 1]! - 2 * m.speeds[i]! + m.speeds[i - 1]!);
  const w = windowFrames(times, 1);
  const worst = worstWindow(jerk, w);
  const startNs = timeAt(times, worst.start);
  const endNs = timeAt(times, worst.start + w);
  return {
    kind: 'jerk',
    value,
    reason: `spectral arc length ${(-value).toFixed(2)} (a smooth reach is about -1.4; read from ${m.label})`,
    spans: [
      {
        kind: 'jerk',
        reason: `the most abrupt changes of speed are between ${seconds(startNs)} and ${seconds(endNs)} (in ${m.label})`,
        startNs,
        endNs,
      },
    ],
  };
}
