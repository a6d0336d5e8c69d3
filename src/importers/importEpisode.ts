import type { ImportResult } from '../common/api';
import { Catalog, type ImportedSource } from '../workspace/catalog';
import { newId, nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { MediaInputError, type VideoProbe } from '../media/probe';
import { ImportInputError } from './inputError';
import { TeleopInputError, type SeriesTable } from './teleop';

export type ImportedEpisode = ImportResult['episodes'][number];
export type SkippedEpisode = ImportResult['skipped'][number];

/** Where an episode came from: the file's sha256 and the episode's place in it ('' for the whole file). */
export interface SourceKey {
  hash: string;
  locator: string;
}

/** The workspace already holds the episode a source key names. */
export class AlreadyImported extends Error {
  constructor(readonly found: ImportedSource) {
    super(`already imported as episode ${found.episodeId}`);
    this.name = 'AlreadyImported';
  }
}

export interface PendingStream {
  name: string;
  kind: 'video' | 'series';
  frames: number;
  durationNs: number;
  columns: string[];
  video: Record<string, unknown> | null;
  data: { file: string; hash: string; mime: string } | { bytes: Uint8Array; mime: string };
  timestampsNs: Float64Array;
}

export interface EpisodeSource {
  /** Shown in the library. */
  name: string;
  /** The file the recording was read from, if any (`source_path`, `source_hash`). */
  primary: string | null;
  /**
   * The source key an import claims for the episode: a second write with the same key (or with the
   * whole file's) is refused with AlreadyImported. Absent for episodes that are not imports.
   */
  origin?: SourceKey | null;
  streams: PendingStream[];
  thumbnail: Uint8Array | null;
  metadata: Record<string, unknown>;
  tags?: string[];
  /** Segments the recording itself names (a LeRobot task over the whole episode). */
  segments?: { startNs: number; endNs: number; label: string; instruction: string }[];
}

/** The colour of segments an import writes (the replay screen's default). */
const IMPORTED_SEGMENT_COLOR = '#4c8dff';

interface StoredBlob {
  hash: string;
  size: number;
  mime: string;
}

const int64Bytes = (t: Float64Array) => new Uint8Array(BigInt64Array.from(t, (v) => BigInt(v)).buffer);

export function seriesStream(name: string, table: SeriesTable): PendingStream {
  const n = table.timestampsNs.length;
  const last = table.timestampsNs[n - 1] ?? 0;
  const interval = n > 1 ? last / (n - 1) : 0;
  return {
    name,
    kind: 'series',
    frames: n,
    durationNs: Math.round(last + interval),
    columns: table.columns,
    video: null,
    data: {
      bytes: new Uint8Array(table.values.buffer, table.values.byteOffset, table.values.byteLength),
      mime: 'application/x-float32',
    },
    timestampsNs: table.timestampsNs,
  };
}

export function videoStream(name: string, file: string, hash: string, probe: VideoProbe): PendingStream {
  return {
    name,
    kind: 'video',
    frames: probe.timestampsNs.length,
    durationNs: probe.durationNs,
    columns: [],
    video: {
      codec: probe.codec,
      width: probe.width,
      height: probe.height,
      fps: probe.fps,
      container: probe.container,
      mime: probe.mime,
    },
    data: { file, hash, mime: probe.mime },
    timestampsNs: probe.timestampsNs,
  };
}

/**
 * Writes an episode: blobs first (each renamed into place whole), then every row in one transaction.
 * On any failure the blobs this call created are removed again, so nothing partial remains.
 */
export async function writeEpisode(
  ws: Workspace,
  dataset: string,
  source: EpisodeSource & { primaryHash: string | null },
): Promise<ImportedEpisode> {
  const created: string[] = [];
  const put = async (
    data: PendingStream['data'] | { bytes: Uint8Array; mime: string },
  ): Promise<StoredBlob> => {
    const r =
      'file' in data ? await ws.blobs.putFile(data.file, data.hash) : await ws.blobs.putBytes(data.bytes);
    if (r.created) created.push(r.hash);
    return { hash: r.hash, size: ws.blobs.size(r.hash), mime: data.mime };
  };
  try {
    const stored: { s: PendingStream; data: StoredBlob; ts: StoredBlob }[] = [];
    for (const s of source.streams) {
      const data = await put(s.data);
      const ts = await put({ bytes: int64Bytes(s.timestampsNs), mime: 'application/x-int64-ns' });
      stored.push({ s, data, ts });
    }
    const thumb = source.thumbnail ? await put({ bytes: source.thumbnail, mime: 'image/jpeg' }) : null;
    const episodeId = newId('ep');
    const durationNs = Math.max(0, ...source.streams.map((s) => s.durationNs));
    const catalog = new Catalog(ws.db);
    const db = ws.db;
    const datasetName = db
      .transaction(() => {
        const origin = source.origin;
        if (origin) {
          // Checked in the write transaction: of two imports of one file racing, one writes.
          const found = catalog.findSource(origin.hash, origin.locator);
          if (found) throw new AlreadyImported(found);
        }
        const ds = catalog.ensureDataset(dataset);
        const blobRow = db.prepare(
          'INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, ?, ?, ?)',
        );
        const now = nowIso();
        for (const b of [...stored.flatMap((x) => [x.data, x.ts]), ...(thumb ? [thumb] : [])]) {
          blobRow.run(b.hash, b.size, b.mime, now);
        }
        db.prepare(
          `INSERT INTO episodes (id, dataset_id, name, duration_ns, source_path, source_hash, thumbnail_blob, metadata, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          episodeId,
          ds.id,
          source.name,
          durationNs,
          source.primary,
          source.primaryHash,
          thumb?.hash ?? null,
          JSON.stringify(source.metadata),
          now,
        );
        const streamRow = db.prepare(
          `INSERT INTO streams (id, episode_id, name, kind, frames, duration_ns, blob, timestamps_blob, columns, video)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const { s, data, ts } of stored) {
          streamRow.run(
            newId('st'),
            episodeId,
            s.name,
            s.kind,
            s.frames,
            s.durationNs,
            data.hash,
            ts.hash,
            JSON.stringify(s.columns),
            s.video ? JSON.stringify(s.video) : null,
          );
        }
        if (origin) {
          db.prepare('INSERT INTO episode_sources (hash, locator, episode_id) VALUES (?, ?, ?)').run(
            origin.hash,
            origin.locator,
            episodeId,
          );
        }
        const tagRow = db.prepare('INSERT OR IGNORE INTO tags (episode_id, tag) VALUES (?, ?)');
        for (const tag of source.tags ?? []) tagRow.run(episodeId, tag);
        const segmentRow = db.prepare(
          `INSERT INTO segments (id, episode_id, start_ns, end_ns, label, instruction, color, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const seg of source.segments ?? []) {
          const end = Math.min(seg.endNs, durationNs);
          if (end <= seg.startNs) continue;
          segmentRow.run(
            newId('seg'),
            episodeId,
            seg.startNs,
            end,
            seg.label,
            seg.instruction,
            IMPORTED_SEGMENT_COLOR,
            now,
            now,
          );
        }
        return ds.name;
      })
      .immediate();
    return {
      id: episodeId,
      dataset: datasetName,
      streams: source.streams.map((s) => ({ name: s.name, kind: s.kind, frames: s.frames })),
    };
  } catch (e) {
    await removeUnreferenced(ws, created);
    throw e;
  }
}

/** Removes blobs this process created that no row refers to (after a failed write). */
export async function removeUnreferenced(ws: Workspace, hashes: readonly string[]): Promise<void> {
  // Named, not `?1`: better-sqlite3 counts a repeated `?1` as one parameter per use.
  const used = ws.db.prepare(
    `SELECT 1 FROM streams WHERE blob = @h OR timestamps_blob = @h
     UNION SELECT 1 FROM episodes WHERE thumbnail_blob = @h LIMIT 1`,
  );
  for (const h of hashes) {
    if (!used.get({ h })) {
      ws.db.prepare('DELETE FROM blobs WHERE hash = ?').run(h);
      await ws.blobs.remove(h);
    }
  }
}

export function isInputError(e: unknown): e is Error & { file: string } {
  return e instanceof ImportInputError || e instanceof MediaInputError || e instanceof TeleopInputError;
}
