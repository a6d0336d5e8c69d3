import { kthNearestOtherGroup } from '../knn';
import { seconds, windowFrames, worstWindow } from '../stats';
import type { DatasetContext, EpisodeInput, SignalResult } from '../types';

/** At most this many states of all episodes together are compared (each episode keeps its share). */
const MAX_POINTS = 6_000;
/** Each episode keeps between these many states, evenly spaced in time. */
const PER_EPISODE: readonly [number, number] = [6, 60];
/** The distance of a state is to its k-th nearest state among the other episodes' (robust to one twin). */
const K = 2;

interface Sample {
  episode: number;
  timeNs: number;
  /** Offset of the sample's scaled row in the dataset's point array. */
  at: number;
}

/** Up to `count` evenly spaced frame indexes of an `n`-frame series. */
function spaced(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

/**
 * State novelty: how far each episode's states lie from every other episode's, as the mean over its
 * states (evenly spaced, in units of each column's dataset spread) of the distance to the K-th
 * nearest state of another episode. A demonstration that goes where no other goes stands out, which
 * the combined score weighs as a robust z within the task. The span is the most novel second.
 * Episodes whose state differs in width from the dataset's are left out (value null).
 */
export function noveltySignals(
  episodes: readonly EpisodeInput[],
  ctx: DatasetContext,
): Map<string, SignalResult> {
  const out = new Map<string, SignalResult>();
  const scale = ctx.stateScale;
  const dim = scale?.length ?? 0;
  const usable = episodes.map(
    (e) => !!scale && !!e.state && e.state.dim === dim && e.state.timesNs.length >= 2,
  );
  const count = usable.filter(Boolean).length;
  const none = (reason: string): SignalResult => ({ kind: 'novelty', value: null, reason, spans: [] });
  if (!scale || count < 3) {
    for (const e of episodes) out.set(e.id, none('needs the states of at least three episodes'));
    return out;
  }
  const per = Math.max(PER_EPISODE[0], Math.min(PER_EPISODE[1], Math.floor(MAX_POINTS / count)));
  const samples: Sample[] = [];
  const rows: number[] = [];
  episodes.forEach((e, ei) => {
    if (!usable[ei]) return;
    const s = e.state!;
    for (const i of spaced(s.timesNs.length, per)) {
      samples.push({ episode: ei, timeNs: s.timesNs[i]!, at: rows.length });
      for (let d = 0; d < dim; d++) rows.push(s.values[i * dim + d]! / scale[d]!);
    }
  });
  const group = Int32Array.from(samples, (s) => s.episode);
  const distance = kthNearestOtherGroup(Float64Array.from(rows), dim, group, K);
  episodes.forEach((e, ei) => {
    if (!usable[ei]) {
      out.set(e.id, none(`its state is not ${dim} columns wide like the dataset's`));
      return;
    }
    const mine = samples.flatMap((s, i) => (s.episode === ei ? [{ t: s.timeNs, d: distance[i]! }] : []));
    const value = mine.reduce((acc, s) => acc + s.d, 0) / mine.length;
    const times = Float64Array.from(mine, (s) => s.t);
    const w = Math.min(mine.length, windowFrames(times, 1));
    const worst = worstWindow(
      mine.map((s) => s.d),
      w,
    );
    const startNs = mine[worst.start]!.t;
    const endNs = mine[Math.min(mine.length - 1, worst.start + w - 1)]!.t;
    out.set(e.id, {
      kind: 'novelty',
      value,
      reason: `its states lie ${value.toFixed(2)} column spreads from the nearest other demonstrations' (read from the whole observation.state)`,
      spans: [
        {
          kind: 'novelty',
          reason: `farthest from every other demonstration (${(worst.sum / w).toFixed(2)} spreads) between ${seconds(startNs)} and ${seconds(endNs)}`,
          startNs,
          endNs: Math.max(endNs, startNs + 1),
        },
      ],
    });
  });
  return out;
}
