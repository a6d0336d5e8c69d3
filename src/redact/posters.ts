import { posterFrame } from '../media/probe';
import type { MediaTools } from '../media/tools';
import type { Db } from '../workspace/db';
import { videoStartTimes } from './streamInfo';

/** An episode whose poster comes from a video, and where in that file it is taken. */
export interface PosterPlace {
  episodeId: string;
  atNs: number;
}

/**
 * Where an episode's poster is taken in its camera's file: a tenth into the episode's own span of
 * it (`offsetNs`: where a part's window starts in the file), as imports and splits take it.
 */
export const posterTimeNs = (offsetNs: number, durationNs: number): number =>
  offsetNs + Math.round(durationNs * 0.1);

/**
 * The episodes whose poster camera (their first video stream by name, as a split chooses it) plays
 * `blob`, each with where its poster is taken: parts of one recording share the file, not the place.
 */
export function posterPlaces(db: Db, blob: string): PosterPlace[] {
  const rows = db
    .prepare(
      `SELECT s.episode_id, s.duration_ns, s.video FROM streams s
        WHERE s.kind = 'video' AND s.blob = ?
          AND s.name = (SELECT MIN(t.name) FROM streams t WHERE t.episode_id = s.episode_id AND t.kind = 'video')
        ORDER BY s.episode_id`,
    )
    .all(blob) as { episode_id: string; duration_ns: number; video: string | null }[];
  return rows.map((r) => {
    const offsetNs = r.video ? ((JSON.parse(r.video) as { offsetNs?: number }).offsetNs ?? 0) : 0;
    return { episodeId: r.episode_id, atNs: posterTimeNs(offsetNs, r.duration_ns) };
  });
}

/**
 * A poster of `shown` (a redacted copy of `source`, or `source` itself) at the place `atNs` of
 * `source`. ffmpeg seeks from a file's earliest stream, and a copy without the source's audio may
 * start with its video: the place is moved by the difference, so both show the same frame.
 */
export async function posterOf(
  tools: MediaTools,
  source: string,
  shown: string,
  atNs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  if (shown === source) return posterFrame(tools, source, atNs, signal);
  const [a, b] = [await videoStartTimes(tools, source, signal), await videoStartTimes(tools, shown, signal)];
  const shiftNs = (b.videoS - b.fileS - (a.videoS - a.fileS)) * 1e9;
  return posterFrame(tools, shown, Math.max(0, atNs + shiftNs), signal);
}
