import { robotMotion } from '../motion';
import { seconds, timeAt, windowFrames } from '../stats';
import type { DatasetContext, EpisodeInput, Flag, Series, SignalResult } from '../types';

export interface RetryOptions {
  /** A return: back within `near` of an earlier state after going at least `away` from it (scaled units). */
  near: number;
  away: number;
  /** The earlier state is at least this long before. */
  minGapS: number;
  /** Longest series searched for returns (longer ones are subsampled). */
  maxPoints: number;
}

export const RETRY_DEFAULTS: RetryOptions = { near: 0.2, away: 1, minGapS: 1, maxPoints: 300 };

function gripperColumn(s: Series | null): number {
  return s ? s.columns.findIndex((c) => /grip/i.test(c)) : -1;
}

/** Grasp cycles of a gripper column after the first: close/open crossings with hysteresis. */
function regrasps(s: Series, col: number): Flag[] {
  const n = s.values.length / s.dim;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = s.values[i * s.dim + col]!;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi - lo > 1e-6)) return [];
  const low = lo + 0.3 * (hi - lo);
  const high = lo + 0.7 * (hi - lo);
  const crossings: number[] = [];
  let side: 'low' | 'high' | null = null;
  for (let i = 0; i < n; i++) {
    const v = s.values[i * s.dim + col]!;
    const now: 'low' | 'high' | null = v <= low ? 'low' : v >= high ? 'high' : side;
    if (side !== null && now !== side) crossings.push(i);
    side = now;
  }
  // One grasp is a close and an open; every further pair of crossings is a retry.
  const flags: Flag[] = [];
  for (let k = 2; k < crossings.length; k += 2) {
    const startNs = timeAt(s.timesNs, crossings[k - 1]!);
    const endNs = timeAt(s.timesNs, crossings[k]!);
    flags.push({
      kind: 'retries',
      reason: `the gripper opens and closes again (grasp ${k / 2 + 1}) at ${seconds(startNs)}`,
      startNs,
      endNs: Math.max(endNs, startNs + 1),
    });
  }
  return flags;
}

/** Stretches that leave a state and come back to it: the earliest return from each state, not overlapping. */
export function returnsToEarlierState(
  s: Series,
  scale: ArrayLike<number>,
  o: RetryOptions = RETRY_DEFAULTS,
  label = 'the state',
): Flag[] {
  const n = s.values.length / s.dim;
  const stride = Math.max(1, Math.ceil(n / o.maxPoints));
  const idx: number[] = [];
  for (let i = 0; i < n; i += stride) idx.push(i);
  const gap = Math.max(1, Math.round(windowFrames(s.timesNs, o.minGapS) / stride));
  const dist = (a: number, b: number) => {
    let sum = 0;
    for (let d = 0; d < s.dim; d++)
      sum += ((s.values[a * s.dim + d]! - s.values[b * s.dim + d]!) / (scale[d] as number)) ** 2;
    return Math.sqrt(sum);
  };
  const flags: Flag[] = [];
  for (let a = 0; a < idx.length; a++) {
    let far = 0;
    for (let b = a + 1; b < idx.length; b++) {
      const dab = dist(idx[a]!, idx[b]!);
      far = Math.max(far, dab);
      if (b - a >= gap && far >= o.away && dab <= o.near) {
        const startNs = timeAt(s.timesNs, idx[a]!);
        const endNs = timeAt(s.timesNs, idx[b]!);
        flags.push({
          kind: 'retries',
          reason: `returns at ${seconds(endNs)} to where it was at ${seconds(startNs)} (a retry or a detour, in ${label})`,
          startNs,
          endNs,
        });
        a = b - 1;
        break;
      }
    }
  }
  return flags;
}

/**
 * Retries: repeated grasp/release cycles of a gripper column, and returns to an earlier pose (the
 * dataset's motion source: a pose, else the commands with rates integrated, never a non-pose state).
 */
export function retriesSignal(
  ep: EpisodeInput,
  ctx: DatasetContext,
  o: RetryOptions = RETRY_DEFAULTS,
): SignalResult {
  const flags: Flag[] = [];
  const grip = ep.action && gripperColumn(ep.action) >= 0 ? ep.action : ep.state;
  const col = gripperColumn(grip);
  if (grip && col >= 0) flags.push(...regrasps(grip, col));
  const m = robotMotion(ep, ctx);
  if (m) flags.push(...returnsToEarlierState(m.series, m.scale, o, m.label));
  flags.sort((a, b) => a.startNs - b.startNs);
  const grasps = flags.filter((f) => f.reason.startsWith('the gripper')).length;
  return {
    kind: 'retries',
    value: flags.length,
    reason:
      flags.length === 0
        ? 'no retries found'
        : `${flags.length} retr${flags.length === 1 ? 'y' : 'ies'} (${grasps} re-grasp(s), ${flags.length - grasps} return(s) to an earlier state)`,
    spans: flags,
  };
}
