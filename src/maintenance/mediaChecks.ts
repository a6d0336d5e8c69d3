import type { MediaCheck } from '../common/api';
import type { DecodeCheck } from '../media/verify';
import type { Db } from '../workspace/db';
import { nowIso } from '../workspace/ids';

interface CheckRow {
  blob: string;
  checked_at: string;
  expected_frames: number;
  decoded_frames: number;
  errors: number;
  first_errors: string;
  missing: string;
  status: 'ok' | 'damaged';
}

const toCheck = (r: CheckRow): MediaCheck => ({
  blob: r.blob,
  status: r.status,
  checkedAt: r.checked_at,
  expectedFrames: r.expected_frames,
  decodedFrames: r.decoded_frames,
  errors: r.errors,
  firstErrors: JSON.parse(r.first_errors) as string[],
  missing: JSON.parse(r.missing) as [number, number][],
});

/** A video stream to check: the root recording's stream of a blob (its timestamps are the file's). */
export interface VideoToCheck {
  blob: string;
  name: string;
  timestampsBlob: string;
  durationNs: number;
}

/** What the verify job found per video blob (`media_checks`). */
export class MediaChecks {
  constructor(private readonly db: Db) {}

  has(blob: string): boolean {
    return this.db.prepare('SELECT 1 FROM media_checks WHERE blob = ?').get(blob) !== undefined;
  }

  save(blob: string, c: DecodeCheck): MediaCheck {
    const damaged = c.errors > 0 || c.missing.length > 0 || c.decodedFrames < c.expectedFrames;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO media_checks
         (blob, checked_at, expected_frames, decoded_frames, errors, first_errors, missing, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        blob,
        nowIso(),
        c.expectedFrames,
        c.decodedFrames,
        c.errors,
        JSON.stringify(c.firstErrors),
        JSON.stringify(c.missing),
        damaged ? 'damaged' : 'ok',
      );
    return this.get(blob)!;
  }

  get(blob: string): MediaCheck | null {
    const r = this.db.prepare('SELECT * FROM media_checks WHERE blob = ?').get(blob) as CheckRow | undefined;
    return r ? toCheck(r) : null;
  }

  /** Each video stream of an episode that has been checked, by stream name. */
  ofEpisode(episodeId: string): Record<string, MediaCheck> {
    const rows = this.db
      .prepare(
        `SELECT s.name, m.* FROM streams s JOIN media_checks m ON m.blob = s.blob
         WHERE s.episode_id = ? AND s.kind = 'video'`,
      )
      .all(episodeId) as (CheckRow & { name: string })[];
    return Object.fromEntries(rows.map((r) => [r.name, toCheck(r)]));
  }

  /**
   * The distinct videos of some episodes (or of all), each with its original's timestamps: a part
   * shares the original's file, so the file is read as the original (origin, or itself) saw it.
   */
  videos(episodeIds: readonly string[] | undefined): VideoToCheck[] {
    const rows = this.db
      .prepare(
        `SELECT s.blob, s.name, s.timestamps_blob AS timestampsBlob, s.duration_ns AS durationNs
         FROM streams s JOIN episodes e ON e.id = s.episode_id
         WHERE s.kind = 'video' AND e.origin_id IS NULL
           AND s.blob IN (
             SELECT s2.blob FROM streams s2 WHERE s2.kind = 'video'
               AND (? IS NULL OR s2.episode_id IN (SELECT value FROM json_each(?))))
         ORDER BY e.created_at, s.name`,
      )
      .all(episodeIds ? 1 : null, JSON.stringify(episodeIds ?? [])) as VideoToCheck[];
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.blob) && seen.add(r.blob));
  }

  /** The visible episodes that show a video blob. */
  episodesOf(blob: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT e.id FROM streams s JOIN episodes e ON e.id = s.episode_id
           WHERE s.blob = ? AND e.hidden_at IS NULL ORDER BY e.id`,
        )
        .all(blob) as { id: string }[]
    ).map((r) => r.id);
  }
}
