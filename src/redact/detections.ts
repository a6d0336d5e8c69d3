import type { Db } from '../workspace/db';
import { newId, nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import type { Track } from './tracker';

/** A video blob to search, with the streams and episodes that show it. */
export interface VideoToSearch {
  blob: string;
  stream: string;
  episodeIds: string[];
}

/** The distinct video blobs of the given episodes (default: every visible episode). */
export function videosToSearch(db: Db, episodeIds?: readonly string[]): VideoToSearch[] {
  const rows = (
    episodeIds
      ? episodeIds.flatMap((id) =>
          db
            .prepare(`SELECT blob, name, episode_id FROM streams WHERE kind = 'video' AND episode_id = ?`)
            .all(id),
        )
      : db
          .prepare(
            `SELECT s.blob, s.name, s.episode_id FROM streams s JOIN episodes e ON e.id = s.episode_id
             WHERE s.kind = 'video' AND e.hidden_at IS NULL ORDER BY e.created_at, s.name`,
          )
          .all()
  ) as { blob: string; name: string; episode_id: string }[];
  const byBlob = new Map<string, VideoToSearch>();
  for (const r of rows) {
    const v = byBlob.get(r.blob) ?? { blob: r.blob, stream: r.name, episodeIds: [] };
    if (!v.episodeIds.includes(r.episode_id)) v.episodeIds.push(r.episode_id);
    byBlob.set(r.blob, v);
  }
  return [...byBlob.values()];
}

/** The earlier search of a video by a detector: its frames and the tracks it left; null if none. */
export function earlierSearch(
  db: Db,
  blob: string,
  detector: string,
): { frames: number; tracks: number } | null {
  const run = db
    .prepare('SELECT frames FROM redact_runs WHERE blob = ? AND detector = ?')
    .get(blob, detector) as { frames: number } | undefined;
  if (!run) return null;
  const { n } = db
    .prepare(
      `SELECT COUNT(*) AS n FROM redact_tracks WHERE blob = ? AND detector = ? AND origin = 'detected'`,
    )
    .get(blob, detector) as { n: number };
  return { frames: run.frames, tracks: n };
}

/**
 * Writes one video's tracks in one transaction with its audit row. With `again`, the detector's
 * earlier tracks of this video (and the decisions on them) are replaced; drawn tracks stay. A review
 * that exists is reopened, since new tracks are pending.
 */
export function saveDetections(
  ws: Workspace,
  run: { video: VideoToSearch; detector: string; settings: string; frames: number; tracks: Track[] },
): void {
  const { db } = ws;
  const { blob } = run.video;
  db.transaction(() => {
    const replaced = db
      .prepare(`DELETE FROM redact_tracks WHERE blob = ? AND detector = ? AND origin = 'detected'`)
      .run(blob, run.detector).changes;
    db.prepare(
      `INSERT OR REPLACE INTO redact_runs (blob, detector, settings, frames, finished_at) VALUES (?, ?, ?, ?, ?)`,
    ).run(blob, run.detector, run.settings, run.frames, nowIso());
    const now = nowIso();
    const insertTrack = db.prepare(
      `INSERT INTO redact_tracks (id, blob, detector, origin, decision, created_at) VALUES (?, ?, ?, 'detected', 'pending', ?)`,
    );
    const insertBox = db.prepare(
      'INSERT INTO redact_boxes (track_id, frame, x, y, w, h, score, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const t of run.tracks) {
      const id = newId('rtk');
      insertTrack.run(id, blob, run.detector, now);
      for (const b of t.boxes) insertBox.run(id, b.frame, b.x, b.y, b.w, b.h, b.score, b.source);
    }
    db.prepare('UPDATE redact_reviews SET revision = revision + 1, updated_at = ? WHERE blob = ?').run(
      now,
      blob,
    );
    ws.audit.record({
      action: 'redact.detect',
      target: blob,
      episodeId: run.video.episodeIds[0] ?? null,
      detail: {
        blob,
        stream: run.video.stream,
        episodeIds: run.video.episodeIds,
        detector: run.detector,
        settings: run.settings,
        frames: run.frames,
        tracks: run.tracks.length,
        replacedTracks: replaced,
      },
    });
  }).immediate();
}
