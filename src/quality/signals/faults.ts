import { robotMotion } from '../motion';
import { framePeriodNs, runs, seconds, timeAt } from '../stats';
import type { DatasetContext, EpisodeInput, Flag, Series, SignalResult, VideoTiming } from '../types';
import { IDLE_DEFAULTS } from './idle';

/** A gap longer than this many frame periods is a dropped sample. */
const GAP_PERIODS = 1.5;
/** Streams that start or end further apart than this many frame periods are out of sync. */
const DESYNC_PERIODS = 2;
/** A joint that moves in at least this share of the task's episodes should move in each. */
const MOVES_IN = 0.8;
/** Pinned at an extreme that at most this share of episodes reach, for at least a second. */
const RARE_EXTREME = 0.2;

function timingFaults(name: string, timesNs: ArrayLike<number>): Flag[] {
  const period = framePeriodNs(timesNs);
  const flags: Flag[] = [];
  for (let i = 1; i < timesNs.length; i++) {
    const a = timesNs[i - 1] as number;
    const b = timesNs[i] as number;
    if (b <= a) {
      flags.push({
        kind: 'faults',
        reason: `${name}: time goes backwards or repeats at ${seconds(a)}`,
        startNs: b,
        endNs: a + 1,
      });
    } else if (period > 0 && b - a > GAP_PERIODS * period) {
      const dropped = Math.round((b - a) / period) - 1;
      flags.push({
        kind: 'faults',
        reason: `${name}: no frame for ${seconds(b - a)} at ${seconds(a)} (about ${dropped} dropped)`,
        startNs: a,
        endNs: b,
      });
    }
  }
  return flags;
}

function desync(streams: { name: string; timesNs: ArrayLike<number> }[], durationNs: number): Flag[] {
  const present = streams.filter((s) => s.timesNs.length >= 2);
  if (present.length < 2) return [];
  const period = Math.max(...present.map((s) => framePeriodNs(s.timesNs)));
  const first = present.map((s) => s.timesNs[0] as number);
  const last = present.map((s) => s.timesNs[s.timesNs.length - 1] as number);
  const flags: Flag[] = [];
  const startGap = Math.max(...first) - Math.min(...first);
  const endGap = Math.max(...last) - Math.min(...last);
  const names = present.map((s) => s.name).join(', ');
  if (startGap > DESYNC_PERIODS * period)
    flags.push({
      kind: 'faults',
      reason: `streams (${names}) start ${seconds(startGap)} apart`,
      startNs: Math.min(...first),
      endNs: Math.max(...first),
    });
  if (endGap > DESYNC_PERIODS * period)
    flags.push({
      kind: 'faults',
      reason: `streams (${names}) end ${seconds(endGap)} apart`,
      startNs: Math.min(...last),
      endNs: Math.min(durationNs, Math.max(...last)),
    });
  return flags;
}

/** Joints that do not move at all where the task's others do, or sit pinned at a rarely reached limit. */
function jointFaults(s: Series, joints: readonly number[], ctx: DatasetContext): Flag[] {
  const n = s.values.length / s.dim;
  const flags: Flag[] = [];
  const end = timeAt(s.timesNs, n - 1);
  for (const d of joints) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, s.values[i * s.dim + d]!);
      hi = Math.max(hi, s.values[i * s.dim + d]!);
    }
    const col = s.columns[d] ?? `column ${d}`;
    const moves = ctx.stateMovesIn?.[d] ?? 0;
    if (hi === lo) {
      if (moves >= MOVES_IN)
        flags.push({
          kind: 'faults',
          reason: `${col} does not change at all (it moves in ${(moves * 100).toFixed(0)}% of the task's episodes)`,
          startNs: 0,
          endNs: end,
        });
      continue;
    }
    const dsMin = ctx.stateMin?.[d];
    const dsMax = ctx.stateMax?.[d];
    const ext = ctx.stateAtExtreme;
    if (dsMin === undefined || dsMax === undefined || !ext) continue;
    for (const [limit, share, which] of [
      [dsMin, ext[0][d]!, 'minimum'],
      [dsMax, ext[1][d]!, 'maximum'],
    ] as const) {
      if (share > RARE_EXTREME) continue;
      const at = Array.from({ length: n }, (_, i) => s.values[i * s.dim + d] === limit);
      for (const [a, b] of runs(at)) {
        const startNs = timeAt(s.timesNs, a);
        const endNs = timeAt(s.timesNs, b - 1);
        if (endNs - startNs >= 1e9)
          flags.push({
            kind: 'faults',
            reason: `${col} is pinned at its ${which} (${limit}) for ${seconds(endNs - startNs)}`,
            startNs,
            endNs,
          });
      }
    }
  }
  return flags;
}

/** Whether the robot moved during [startNs, endNs] (its mean speed there is above idle); null: cannot tell. */
function movesDuring(ep: EpisodeInput, ctx: DatasetContext, startNs: number, endNs: number): boolean | null {
  const m = robotMotion(ep, ctx);
  if (!m || !(m.typicalSpeed > 0)) return null;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < m.speeds.length; i++) {
    const t = m.series.timesNs[i + 1]!;
    if (t <= startNs || t > endNs) continue;
    sum += m.speeds[i]!;
    count++;
  }
  return count === 0 ? null : sum / count >= IDLE_DEFAULTS.idleBelow * m.typicalSpeed;
}

const covered = (spans: readonly (readonly [number, number])[], a: number, b: number) =>
  spans.some(([c, d]) => c <= a && d >= b);

/**
 * The picture went black, or froze while the robot moved (a robot at rest rightly gives the same
 * picture, so a frozen stretch counts only where the data shows motion or cannot tell), from
 * ffmpeg's blackdetect and freezedetect. A frozen stretch that is black is reported once, as black.
 */
function frameFaults(ep: EpisodeInput, ctx: DatasetContext, v: VideoTiming): Flag[] {
  const flags: Flag[] = [];
  for (const [startNs, endNs] of v.black ?? [])
    flags.push({
      kind: 'faults',
      reason: `${v.name}: the picture is black for ${seconds(endNs - startNs)} from ${seconds(startNs)} (ffmpeg blackdetect)`,
      startNs,
      endNs,
    });
  for (const [startNs, endNs] of v.frozen ?? []) {
    if (covered(v.black ?? [], startNs, endNs)) continue;
    const moves = movesDuring(ep, ctx, startNs, endNs);
    if (moves === false) continue;
    flags.push({
      kind: 'faults',
      reason:
        `${v.name}: the picture does not change for ${seconds(endNs - startNs)} from ${seconds(startNs)}` +
        `${moves ? ' while the robot moves' : ''} (ffmpeg freezedetect)`,
      startNs,
      endNs,
    });
  }
  return flags;
}

/**
 * Recording faults: timestamps that repeat, go back or skip (dropped frames), streams out of sync,
 * video frames that did not decode (from the verify job), frozen or black pictures, joints that never move or sit pinned at a
 * limit. An absolute signal: its value is the number of faults.
 */
export function faultsSignal(ep: EpisodeInput, ctx: DatasetContext): SignalResult {
  const series = [
    ['observation.state', ep.state],
    ['action', ep.action],
  ] as const;
  const flags: Flag[] = [];
  const timed: { name: string; timesNs: ArrayLike<number> }[] = [];
  for (const [name, s] of series) {
    if (!s) continue;
    flags.push(...timingFaults(name, s.timesNs));
    timed.push({ name, timesNs: s.timesNs });
  }
  for (const v of ep.videos) {
    flags.push(...timingFaults(v.name, v.timesNs), ...frameFaults(ep, ctx, v));
    timed.push(v);
    for (const [a, b] of v.missing) {
      const startNs = timeAt(v.timesNs, a);
      flags.push({
        kind: 'faults',
        reason: `${v.name}: frames ${a}-${b} do not decode`,
        startNs,
        endNs: Math.max(startNs + 1, timeAt(v.timesNs, b)),
      });
    }
  }
  flags.push(...desync(timed, ep.durationNs));
  // Only a pose's columns are joints that should move; other state columns may rightly stand still.
  const joints = ctx.source?.kind === 'pose' ? ctx.source.columns : [];
  if (ep.state && joints.length) flags.push(...jointFaults(ep.state, joints, ctx));
  flags.sort((a, b) => a.startNs - b.startNs);
  return {
    kind: 'faults',
    value: flags.length,
    reason: flags.length === 0 ? 'no recording faults found' : `${flags.length} recording fault(s)`,
    spans: flags,
  };
}
