import type { EpisodeSparkline } from '../common/api';
import type { Workspace } from '../workspace/workspace';
import { episodeRefs, loadEpisodeInput, rigStateColumns } from './load';
import { motionSeries } from './motion';
import { motionSource, type MotionSource } from './sources';
import type { Series } from './types';

/** Each column's spread (max - min) over the episode, 1 where it never moves. */
function spreads(s: Series): Float64Array {
  const out = new Float64Array(s.dim);
  const n = s.values.length / s.dim;
  for (let d = 0; d < s.dim; d++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = s.values[i * s.dim + d]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out[d] = hi > lo ? hi - lo : 1;
  }
  return out;
}

/** Speed of a series (state, else action) in `points` buckets of equal time; empty when too short. */
export function speedSparkline(s: Series | null, points: number): number[] {
  if (!s || s.timesNs.length < 3) return [];
  const n = s.timesNs.length;
  const scale = spreads(s);
  const t0 = s.timesNs[0]!;
  const span = s.timesNs[n - 1]! - t0;
  if (span <= 0) return [];
  const sum = new Float64Array(points);
  const count = new Float64Array(points);
  for (let i = 1; i < n; i++) {
    const dt = (s.timesNs[i]! - s.timesNs[i - 1]!) / 1e9;
    if (dt <= 0) continue;
    let sq = 0;
    for (let d = 0; d < s.dim; d++)
      sq += ((s.values[i * s.dim + d]! - s.values[(i - 1) * s.dim + d]!) / scale[d]!) ** 2;
    const b = Math.min(points - 1, Math.floor(((s.timesNs[i - 1]! - t0) / span) * points));
    sum[b]! += Math.sqrt(sq) / dt;
    count[b]! += 1;
  }
  // A bucket without a step (sparse samples) carries the last speed on.
  const out: number[] = [];
  let last = 0;
  for (let b = 0; b < points; b++) {
    if (count[b]! > 0) last = sum[b]! / count[b]!;
    out.push(Number(last.toFixed(4)));
  }
  return out;
}

/**
 * Every visible episode of a dataset: its thumbnail and its speed over time (inside its trim), read
 * from the series the motion signals read (the pose, else the commands; `sources.ts`).
 */
export async function datasetSparklines(
  ws: Workspace,
  dataset: string,
  points: number,
): Promise<EpisodeSparkline[]> {
  const out: EpisodeSparkline[] = [];
  const refs = episodeRefs(ws, dataset);
  let source: MotionSource | null = null;
  for (const [i, ref] of refs.entries()) {
    const input = await loadEpisodeInput(ws, ref);
    if (i === 0)
      source = motionSource({
        state: input.state?.columns ?? null,
        action: input.action?.columns ?? null,
        rigColumns: rigStateColumns(ws, refs),
      });
    const series = (source && motionSeries(input, source)) ?? input.state ?? input.action;
    out.push({ id: ref.id, thumbnailBlob: ref.episode.thumbnailBlob, speed: speedSparkline(series, points) });
  }
  return out;
}
