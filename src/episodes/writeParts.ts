import { StudioError } from '../common/api';
import { partName } from '../common/episodeWindows';
import { removeUnreferenced } from '../importers/importEpisode';
import type { MediaTools } from '../media/tools';
import { posterOf, posterTimeNs } from '../redact/posters';
import { shownVideo } from '../redact/versions';
import { newId, nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import type { PartStream } from './partStreams';
import type { EpisodeRecord, SegmentSpan } from './records';
import type { Span } from './window';

/** One new episode: a window of the root recording with the rows that travel with it. */
export interface PartPlan {
  /** The window in the root's time. */
  window: Span;
  streams: PartStream[];
  /** In the part's time. */
  segments: SegmentSpan[];
  trim: Span | null;
  tags: string[];
  metadata: Record<string, unknown>;
  groundTruth: string | null;
  /** The episode the part was cut from: its dataset, source path and thumbnail carry over. */
  from: EpisodeRecord;
}

interface StoredBytes {
  hash: string;
  size: number;
  mime: string;
}

/**
 * Writes the parts and hides the episodes they replace: blobs first (each renamed into place whole),
 * then every row in one immediate transaction, which also checks that no other process replaced
 * one of those episodes meanwhile. On failure the blobs this call created are removed again.
 * Returns the new episodes' ids, in the order of `parts`.
 */
export async function writeParts(
  ws: Workspace,
  root: EpisodeRecord,
  replaced: readonly EpisodeRecord[],
  parts: readonly PartPlan[],
  audit: { action: string; target: string; detail: Record<string, unknown> },
  tools: MediaTools | null = null,
): Promise<string[]> {
  const created: string[] = [];
  const put = async (bytes: Uint8Array, mime: string): Promise<StoredBytes> => {
    const r = await ws.blobs.putBytes(bytes);
    if (r.created) created.push(r.hash);
    return { hash: r.hash, size: bytes.byteLength, mime };
  };
  try {
    const stored: { data: string; timestamps: StoredBytes; values: StoredBytes | null }[][] = [];
    const posters: (StoredBytes | null)[] = [];
    for (const part of parts) {
      const poster = tools && (await partPoster(ws, tools, part));
      posters.push(poster ? await put(poster, 'image/jpeg') : null);
      const streams = [];
      for (const s of part.streams) {
        const timestamps = await put(s.timestamps, 'application/x-int64-ns');
        const values = s.values ? await put(s.values, 'application/x-float32') : null;
        streams.push({ data: values?.hash ?? s.sharedBlob!, timestamps, values });
      }
      stored.push(streams);
    }
    const ids = parts.map(() => newId('ep'));
    const db = ws.db;
    db.transaction(() => {
      const now = nowIso();
      for (const e of replaced) {
        const row = db.prepare('SELECT hidden_at FROM episodes WHERE id = ?').get(e.id) as
          { hidden_at: string | null } | undefined;
        if (!row || row.hidden_at !== null)
          throw new StudioError(
            'conflict',
            `episode "${e.name}" (${e.id}) was split or merged meanwhile; reload and try again`,
          );
      }
      const blobRow = db.prepare(
        'INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, ?, ?, ?)',
      );
      const episodeRow = db.prepare(
        `INSERT INTO episodes (id, dataset_id, name, duration_ns, source_path, source_hash, thumbnail_blob,
           metadata, created_at, origin_id, origin_offset_ns)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
      );
      const streamRow = db.prepare(
        `INSERT INTO streams (id, episode_id, name, kind, frames, duration_ns, blob, timestamps_blob, columns, video)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const tagRow = db.prepare('INSERT INTO tags (episode_id, tag) VALUES (?, ?)');
      const truthRow = db.prepare('INSERT INTO episode_ground_truth (episode_id, data) VALUES (?, ?)');
      const segmentRow = db.prepare(
        `INSERT INTO segments (id, episode_id, start_ns, end_ns, label, instruction, color, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const trimRow = db.prepare(
        'INSERT INTO episode_trims (episode_id, start_ns, end_ns, updated_at) VALUES (?, ?, ?, ?)',
      );
      for (const [i, part] of parts.entries()) {
        const id = ids[i]!;
        const { window, from } = part;
        for (const s of stored[i]!) {
          for (const b of [s.timestamps, s.values]) if (b) blobRow.run(b.hash, b.size, b.mime, now);
        }
        const poster = posters[i];
        if (poster) blobRow.run(poster.hash, poster.size, poster.mime, now);
        episodeRow.run(
          id,
          from.datasetId,
          partName(root.name, window.startNs, window.endNs),
          window.endNs - window.startNs,
          from.sourcePath,
          poster?.hash ?? from.thumbnail,
          JSON.stringify({ ...part.metadata, origin: { episodeId: root.id, offsetNs: window.startNs } }),
          now,
          root.id,
          window.startNs,
        );
        for (const [k, s] of part.streams.entries()) {
          const blobs = stored[i]![k]!;
          streamRow.run(
            newId('st'),
            id,
            s.name,
            s.kind,
            s.frames,
            s.durationNs,
            blobs.data,
            blobs.timestamps.hash,
            JSON.stringify(s.columns),
            s.video ? JSON.stringify(s.video) : null,
          );
        }
        for (const tag of part.tags) tagRow.run(id, tag);
        if (part.groundTruth !== null) truthRow.run(id, part.groundTruth);
        for (const g of part.segments) {
          segmentRow.run(newId('seg'), id, g.startNs, g.endNs, g.label, g.instruction, g.color, now, now);
        }
        if (part.trim) trimRow.run(id, part.trim.startNs, part.trim.endNs, now);
      }
      const hide = db.prepare('UPDATE episodes SET hidden_at = ? WHERE id = ?');
      for (const e of replaced) hide.run(now, e.id);
      ws.audit.record({
        action: audit.action,
        target: audit.target,
        // A split or a merge targets an episode: the one split, or the merged parts' recording.
        episodeId: audit.target,
        detail: { ...audit.detail, hidden: replaced.map((e) => e.id), created: ids },
      });
    }).immediate();
    return ids;
  } catch (e) {
    await removeUnreferenced(ws, created);
    throw e;
  }
}

/**
 * A poster for a part: its first camera's frame a tenth of the way in, like an import's, so parts of
 * one recording look different in the library; from the camera's redacted copy when it has one.
 * Null (keep the recording's) when ffmpeg fails.
 */
async function partPoster(ws: Workspace, tools: MediaTools, part: PartPlan): Promise<Uint8Array | null> {
  const camera = part.streams.find((s) => s.kind === 'video' && s.sharedBlob);
  if (!camera) return null;
  const offsetNs = camera.video?.offsetNs ?? 0;
  try {
    const source = ws.blobs.pathOf(camera.sharedBlob!);
    const shown = ws.blobs.pathOf(shownVideo(ws.db, camera.sharedBlob!));
    return await posterOf(tools, source, shown, posterTimeNs(offsetNs, camera.durationNs));
  } catch {
    return null;
  }
}
