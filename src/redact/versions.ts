import type { Db } from '../workspace/db';
import { newId, nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';

/**
 * The video a viewer or an export should use for a video blob: its newest redacted copy when there is
 * one, else the blob itself.
 */
export function shownVideo(db: Db, blob: string): string {
  const row = db
    .prepare(
      'SELECT blob FROM redacted_versions WHERE source_blob = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    )
    .get(blob) as { blob: string } | undefined;
  return row?.blob ?? blob;
}

export interface NewVersion {
  sourceBlob: string;
  blob: { hash: string; size: number };
  poster: { hash: string; size: number } | null;
  /** Each episode's new poster, taken from the copy where its own poster rule takes it (`posters.ts`). */
  thumbnails: { episodeId: string; hash: string; size: number }[];
  revision: number;
  settings: object;
  episodeId: string;
  stream: string;
}

/**
 * Records a redacted copy (its blobs are already in the store) with its audit row, and gives the
 * episodes whose poster camera is the source their poster frames from the copy. The original stays.
 */
export function recordVersion(ws: Workspace, v: NewVersion): string {
  const { db } = ws;
  const id = newId('rdv');
  db.transaction(() => {
    const now = nowIso();
    const blobRow = db.prepare(
      'INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, ?, ?, ?)',
    );
    blobRow.run(v.blob.hash, v.blob.size, 'video/mp4', now);
    if (v.poster) blobRow.run(v.poster.hash, v.poster.size, 'image/jpeg', now);
    db.prepare(
      `INSERT INTO redacted_versions (id, source_blob, blob, poster_blob, revision, settings, actor, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      v.sourceBlob,
      v.blob.hash,
      v.poster?.hash ?? null,
      v.revision,
      JSON.stringify(v.settings),
      ws.identity.current().name,
      now,
    );
    const thumbnail = db.prepare('UPDATE episodes SET thumbnail_blob = ? WHERE id = ?');
    for (const t of v.thumbnails) {
      blobRow.run(t.hash, t.size, 'image/jpeg', now);
      thumbnail.run(t.hash, t.episodeId);
    }
    ws.audit.record({
      action: 'redact.render',
      target: id,
      episodeId: v.episodeId,
      detail: {
        blob: v.sourceBlob,
        redactedBlob: v.blob.hash,
        stream: v.stream,
        revision: v.revision,
        ...v.settings,
      },
    });
  }).immediate();
  return id;
}
