import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportResult } from '../common/api';
import { hashFile } from '../workspace/blobs';
import { Catalog } from '../workspace/catalog';
import { newId, nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { MediaInputError, posterFrame, probeVideo, type VideoProbe } from '../media/probe';
import type { MediaTools } from '../media/tools';
import type { EpisodeGroup } from './discover';
import { parseCsv, parseJsonl, splitByPrefix, TeleopInputError, type SeriesTable } from './teleop';

export type ImportedEpisode = ImportResult['episodes'][number];
export type SkippedEpisode = ImportResult['skipped'][number];

/** An input problem the user can fix: the message names the file. */
export class ImportInputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportInputError';
  }
}

interface PendingStream {
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
  /** The file whose content hash identifies the recording (duplicate detection), if any. */
  primary: string | null;
  streams: PendingStream[];
  thumbnail: Uint8Array | null;
  metadata: Record<string, unknown>;
  tags?: string[];
}

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

/** Reads, probes and parses a group's files without writing anything. */
export async function readGroup(
  group: EpisodeGroup,
  tools: MediaTools | null,
  signal?: AbortSignal,
): Promise<EpisodeSource & { primaryHash: string | null }> {
  const streams: PendingStream[] = [];
  let thumbnail: Uint8Array | null = null;
  let primaryHash: string | null = null;
  const primary = group.videos[0]?.file ?? group.logs[0]?.file ?? null;
  for (const { file, stream } of group.videos) {
    if (!tools) {
      throw new ImportInputError(
        file,
        `${file}: cannot import video: ffmpeg/ffprobe not found (install ffmpeg or set FFMPEG_PATH)`,
      );
    }
    const hash = await hashFile(file);
    if (file === primary) primaryHash = hash;
    const probe = await probeVideo(tools, file, signal);
    streams.push(videoStream(stream, file, hash, probe));
    thumbnail ??= await posterFrame(tools, file, probe.durationNs * 0.1, signal);
  }
  for (const { file, stream, named } of group.logs) {
    const text = await readFile(file, 'utf8');
    const table =
      path.extname(file).toLowerCase() === '.jsonl' ? parseJsonl(text, file) : parseCsv(text, file);
    const parts = named ? [{ name: stream, table }] : splitByPrefix(table, stream);
    for (const part of parts) streams.push(seriesStream(part.name, part.table));
    if (file === primary) primaryHash = await hashFile(file);
  }
  const names = new Set<string>();
  for (const s of streams) {
    if (names.has(s.name))
      throw new ImportInputError(primary ?? group.key, `${primary}: two streams are named "${s.name}"`);
    names.add(s.name);
  }
  return {
    name: group.key,
    primary,
    primaryHash,
    streams,
    thumbnail,
    metadata: { source: { files: [...group.videos, ...group.logs].map((f) => f.file) } },
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
        const tagRow = db.prepare('INSERT OR IGNORE INTO tags (episode_id, tag) VALUES (?, ?)');
        for (const tag of source.tags ?? []) tagRow.run(episodeId, tag);
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
