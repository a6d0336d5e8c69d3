import type { Episode, Stream } from '../common/api';
import { StudioError } from '../common/api';
import { readSeries, readTimestamps } from '../series/readSeries';
import type { Workspace } from '../workspace/workspace';

/** A series stream of an episode, cut to the episode's trim and put on the episode's frame clock. */
export interface RowSeries {
  name: string;
  columns: string[];
  /** float32 row-major, one row per frame of the clock. */
  values: Float32Array;
}

/** One episode as rows: the frame clock (times from the kept start), its series and its cameras. */
export interface EpisodeRows {
  episode: Episode;
  /** ns from the start of the kept stretch, one per frame. */
  timesNs: Float64Array;
  series: RowSeries[];
  /** Each camera's file stretch `[startNs, endNs)` in file time, to cut `frames` frames from. */
  videos: { stream: Stream; startNs: number; endNs: number }[];
}

/** The stream whose frames are the rows: `observation.state` when there is one, else the first series. */
export const clockStream = (e: Episode): Stream | undefined =>
  e.streamDetails.find((s) => s.kind === 'series' && s.name === 'observation.state') ??
  e.streamDetails.find((s) => s.kind === 'series');

/**
 * Reads an episode's series inside its trim. Rows follow the clock stream; another series gives,
 * for each row, its last sample at or before the row's time (the same sample when it shares the clock).
 */
export async function episodeRows(ws: Workspace, episode: Episode): Promise<EpisodeRows> {
  const clock = clockStream(episode);
  if (!clock) {
    throw new StudioError(
      'bad_input',
      `episode ${episode.id} (${episode.name}) has no numeric series to export`,
    );
  }
  const start = episode.trim?.startNs ?? 0;
  const end = episode.trim?.endNs ?? Number.POSITIVE_INFINITY;
  const clockTimes = await readTimestamps(ws.blobs, clock.timestampsBlob);
  const kept: number[] = [];
  clockTimes.forEach((t, i) => {
    if (t >= start && t < end) kept.push(i);
  });
  if (kept.length === 0) {
    throw new StudioError('bad_input', `episode ${episode.id} (${episode.name}): no frame inside its trim`);
  }
  const timesNs = Float64Array.from(kept, (i) => clockTimes[i]! - start);
  const series: RowSeries[] = [];
  for (const s of episode.streamDetails.filter((x) => x.kind === 'series')) {
    const loaded = await readSeries(ws.blobs, s);
    const width = s.columns.length;
    const values = new Float32Array(kept.length * width);
    let j = 0;
    kept.forEach((i, r) => {
      const t = clockTimes[i]!;
      while (j + 1 < loaded.timesNs.length && loaded.timesNs[j + 1]! <= t) j++;
      values.set(loaded.values.subarray(j * width, (j + 1) * width), r * width);
    });
    series.push({ name: s.name, columns: s.columns, values });
  }
  const frameNs = kept.length > 1 ? (timesNs[timesNs.length - 1]! - timesNs[0]!) / (kept.length - 1) : 0;
  const videos = episode.streamDetails
    .filter((s) => s.kind === 'video')
    .map((stream) => {
      const offset = stream.video?.offsetNs ?? 0;
      const first = clockTimes[kept[0]!]!;
      return {
        stream,
        startNs: offset + first,
        endNs: offset + first + timesNs[timesNs.length - 1]! + frameNs,
      };
    });
  return { episode, timesNs, series, videos };
}
