import type { QualitySettings } from '../common/api/qualityCalls';
import { median, robustZ } from './stats';
import type { Flag, SignalKind, SignalResult } from './types';

/** Signals whose value counts on its own (a failure, a fault) rather than against the task. */
export const ABSOLUTE_SIGNALS: ReadonlySet<SignalKind> = new Set(['failure', 'faults']);
/**
 * Relative signals whose measured spans (`SignalResult.measured`) also flag on their own at a fixed
 * limit from the settings (0: never), with the reason that limit gives.
 */
const SPAN_LIMITS: Partial<
  Record<SignalKind, { limit(s: QualitySettings): number; why(limit: number): string }>
> = {
  idle: {
    limit: (s) => s.longPauseS,
    why: (limit) => `the long-pause limit is ${Number(limit.toFixed(2))} s`,
  },
};

/** The measured spans of `s` at or over its kind's limit. */
function overLimit(s: SignalResult, settings: QualitySettings): Flag[] {
  const rule = SPAN_LIMITS[s.kind];
  const limit = rule?.limit(settings) ?? 0;
  if (!rule || !(limit > 0)) return [];
  return (s.measured ?? [])
    .filter((m) => m.size >= limit)
    .map((m) => ({ ...m.span, reason: withAside(m.span.reason, rule.why(limit)) }));
}

/** `reason (aside)`, or `reason (its own aside; aside)` when the reason already ends in one. */
export function withAside(reason: string, aside: string): string {
  return reason.endsWith(')') ? `${reason.slice(0, -1)}; ${aside})` : `${reason} (${aside})`;
}

/** Below this many episodes a task is compared with the whole dataset instead. */
export const MIN_TASK_EPISODES = 8;

export interface ScoredSignal {
  kind: SignalKind;
  value: number | null;
  z: number | null;
  contribution: number;
  reason: string;
}

export interface ScoredEpisode {
  id: string;
  score: number;
  flags: Flag[];
  signals: ScoredSignal[];
}

export interface EpisodeSignals {
  id: string;
  /** Episodes of one task are compared with each other (e.g. one instruction); '' for the dataset. */
  task: string;
  durationNs: number;
  signals: readonly SignalResult[];
}

const fmt = (x: number) =>
  Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2);

/** Robust z of every relative signal within each task (small tasks: within the dataset). */
function zScores(
  episodes: readonly EpisodeSignals[],
): Map<string, Map<SignalKind, { z: number | null; median: number }>> {
  const sizes = new Map<string, number>();
  for (const e of episodes) sizes.set(e.task, (sizes.get(e.task) ?? 0) + 1);
  const groupOf = (e: EpisodeSignals) =>
    (sizes.get(e.task) ?? 0) >= MIN_TASK_EPISODES ? e.task : '\u0000all';
  const groups = new Map<string, EpisodeSignals[]>();
  for (const e of episodes) groups.set(groupOf(e), [...(groups.get(groupOf(e)) ?? []), e]);
  const out = new Map<string, Map<SignalKind, { z: number | null; median: number }>>();
  for (const members of groups.values()) {
    const kinds = new Set(members.flatMap((m) => m.signals.map((s) => s.kind)));
    for (const kind of kinds) {
      const values = members.map((m) => m.signals.find((s) => s.kind === kind)?.value ?? null);
      const zs = robustZ(values);
      const med = median(values.filter((v): v is number => v !== null));
      members.forEach((m, i) => {
        const per = out.get(m.id) ?? new Map();
        per.set(kind, { z: zs[i] ?? null, median: med });
        out.set(m.id, per);
      });
    }
  }
  return out;
}

/**
 * The combined score: a weighted mean of each signal's contribution, where a relative signal
 * contributes its robust z within the task when positive (worse than usual), and an absolute one
 * contributes `absoluteZ` when present. Flags are the spans of the signals that fire: relative ones
 * at `flagAtZ` or above, absolute ones whenever present (with a non-zero weight). A relative
 * signal's measured span over its fixed limit (a long pause) flags and counts like an absolute one.
 * Worst first.
 */
export function combineScores(
  episodes: readonly EpisodeSignals[],
  settings: QualitySettings,
): ScoredEpisode[] {
  const zs = zScores(episodes);
  const weights = settings.weights as Record<SignalKind, number>;
  const out = episodes.map((e) => {
    let total = 0;
    let weightSum = 0;
    const flags: Flag[] = [];
    const signals = e.signals.map((s): ScoredSignal => {
      const w = weights[s.kind] ?? 0;
      const absolute = ABSOLUTE_SIGNALS.has(s.kind);
      const zInfo = absolute ? undefined : zs.get(e.id)?.get(s.kind);
      const z = zInfo?.z ?? null;
      if (s.value === null) return { kind: s.kind, value: null, z: null, contribution: 0, reason: s.reason };
      weightSum += w;
      const long = absolute ? [] : overLimit(s, settings);
      const raw = absolute
        ? s.value > 0
          ? settings.absoluteZ
          : 0
        : Math.max(0, z ?? 0, long.length ? settings.absoluteZ : 0);
      const contribution = w * raw;
      total += contribution;
      const fires = w > 0 && (absolute ? s.value > 0 : z !== null && z >= settings.flagAtZ);
      if (!fires && w > 0) flags.push(...long);
      if (fires) {
        const context = (summary: boolean) =>
          absolute
            ? ''
            : ` (${summary ? `${s.reason}; ` : ''}robust z ${z!.toFixed(1)} within the task, whose median is ${fmt(zInfo!.median)})`;
        const spans = s.spans.length
          ? s.spans
          : [{ kind: s.kind, reason: s.reason, startNs: 0, endNs: e.durationNs }];
        for (const f of spans) flags.push({ ...f, reason: `${f.reason}${context(f.reason !== s.reason)}` });
      }
      return { kind: s.kind, value: s.value, z, contribution, reason: s.reason };
    });
    return { id: e.id, score: weightSum > 0 ? total / weightSum : 0, flags, signals };
  });
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
