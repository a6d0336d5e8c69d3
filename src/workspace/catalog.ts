import type { Dataset, Episode, EpisodeQuery, EpisodeSummary, Stream } from '../common/api';
import { EpisodeQuerySchema, StudioError } from '../common/api';
import type { AuditLog } from './audit';
import type { Db } from './db';
import { newId, nowIso } from './ids';

interface EpisodeRow {
  id: string;
  dataset_id: string;
  dataset: string;
  name: string;
  duration_ns: number;
  created_at: string;
  thumbnail_blob: string | null;
  source_path: string | null;
  source_hash: string | null;
  metadata: string;
  origin_id: string | null;
  origin_offset_ns: number | null;
  hidden_at: string | null;
}

interface StreamRow {
  id: string;
  episode_id: string;
  name: string;
  kind: 'video' | 'series';
  frames: number;
  duration_ns: number;
  blob: string;
  timestamps_blob: string;
  columns: string;
  video: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** An episode an import made from a file, and the episodes that stand for it now. */
export interface ImportedSource {
  /** The episode written by the import (hidden when a split or merge replaced it). */
  episodeId: string;
  dataset: string;
  /** '' when the episode is the whole file. */
  locator: string;
  /** The imported episode when visible, else the visible parts of it, by offset. */
  current: string[];
}

/**
 * Reads and edits the catalog rows (datasets, episodes, streams, tags). Episodes a split or merge
 * replaced are hidden: every list and count leaves them out, but `getEpisode` still finds them.
 */
export class Catalog {
  constructor(private readonly db: Db) {}

  ensureDataset(name: string): Dataset {
    const existing = this.db.prepare('SELECT id FROM datasets WHERE name = ?').get(name) as
      { id: string } | undefined;
    if (existing) return this.getDataset(existing.id);
    const id = newId('ds');
    this.db.prepare('INSERT INTO datasets (id, name, created_at) VALUES (?, ?, ?)').run(id, name, nowIso());
    return this.getDataset(id);
  }

  getDataset(id: string): Dataset {
    const row = this.db
      .prepare(
        `SELECT d.id, d.name, d.created_at AS createdAt,
                (SELECT COUNT(*) FROM episodes e WHERE e.dataset_id = d.id AND e.hidden_at IS NULL) AS episodeCount
         FROM datasets d WHERE d.id = ?`,
      )
      .get(id) as Dataset | undefined;
    if (!row) throw new StudioError('not_found', `no dataset ${id}`);
    return row;
  }

  listDatasets(): Dataset[] {
    return this.db
      .prepare(
        `SELECT d.id, d.name, d.created_at AS createdAt, COUNT(e.id) AS episodeCount
         FROM datasets d LEFT JOIN episodes e ON e.dataset_id = d.id AND e.hidden_at IS NULL
         GROUP BY d.id ORDER BY d.name`,
      )
      .all() as Dataset[];
  }

  listEpisodes(query: EpisodeQuery): { total: number; items: EpisodeSummary[] } {
    const q = EpisodeQuerySchema.parse(query);
    const where: string[] = q.includeHidden ? [] : ['e.hidden_at IS NULL'];
    const args: (string | number)[] = [];
    if (q.datasetId) {
      where.push('e.dataset_id = ?');
      args.push(q.datasetId);
    }
    if (q.search) {
      where.push(`(e.name LIKE ? ESCAPE '\\' OR e.id = ?)`);
      args.push(`%${escapeLike(q.search)}%`, q.search);
    }
    if (q.tag) {
      where.push('EXISTS (SELECT 1 FROM tags t WHERE t.episode_id = e.id AND t.tag = ?)');
      args.push(q.tag);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = {
      created: 'e.created_at DESC, e.id DESC',
      name: 'e.name, e.id',
      duration: 'e.duration_ns DESC, e.id',
    }[q.sort];
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM episodes e ${whereSql}`).get(...args) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT e.*, d.name AS dataset FROM episodes e JOIN datasets d ON d.id = e.dataset_id
         ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit, q.offset) as EpisodeRow[];
    return { total, items: this.summaries(rows) };
  }

  /** An episode's list entry, hidden or not. */
  getSummary(id: string): EpisodeSummary {
    return this.summaries([this.episodeRow(id)])[0]!;
  }

  getEpisode(id: string): Episode {
    const row = this.episodeRow(id);
    const [summary] = this.summaries([row]);
    const streams = this.db
      .prepare('SELECT * FROM streams WHERE episode_id = ? ORDER BY kind DESC, name')
      .all(id) as StreamRow[];
    return {
      ...summary!,
      sourcePath: row.source_path,
      sourceHash: row.source_hash,
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      streamDetails: streams.map(toStream),
    };
  }

  /**
   * The episode imported from `locator` in the file with sha256 `hash`, or from that whole file (an
   * import before logs could hold several episodes took the file as one), if any.
   */
  findSource(hash: string, locator: string): ImportedSource | undefined {
    const row = this.db
      .prepare(
        `SELECT s.episode_id, s.locator, d.name AS dataset, e.hidden_at FROM episode_sources s
         JOIN episodes e ON e.id = s.episode_id JOIN datasets d ON d.id = e.dataset_id
         WHERE s.hash = ? AND s.locator IN (?, '') ORDER BY s.locator DESC LIMIT 1`,
      )
      .get(hash, locator) as
      { episode_id: string; locator: string; dataset: string; hidden_at: string | null } | undefined;
    if (!row) return undefined;
    const current =
      row.hidden_at === null
        ? [row.episode_id]
        : (
            this.db
              .prepare(
                `SELECT id FROM episodes WHERE origin_id = ? AND hidden_at IS NULL
                 ORDER BY origin_offset_ns, id`,
              )
              .all(row.episode_id) as { id: string }[]
          ).map((r) => r.id);
    return { episodeId: row.episode_id, dataset: row.dataset, locator: row.locator, current };
  }

  listTags(): { tag: string; count: number }[] {
    return this.db
      .prepare(
        `SELECT t.tag, COUNT(*) AS count FROM tags t JOIN episodes e ON e.id = t.episode_id
         WHERE e.hidden_at IS NULL GROUP BY t.tag ORDER BY t.tag`,
      )
      .all() as { tag: string; count: number }[];
  }

  /** Replaces an episode's tags; a change is written to `audit` with the tags before and after. */
  setTags(episodeId: string, tags: readonly string[], audit: AuditLog): EpisodeSummary {
    const unique = [...new Set(tags.map((t) => t.trim()))];
    this.db
      .transaction(() => {
        const exists = this.db.prepare('SELECT 1 FROM episodes WHERE id = ?').get(episodeId);
        if (!exists) throw new StudioError('not_found', `no episode ${episodeId}`);
        const before = this.tagsOf(episodeId);
        this.db.prepare('DELETE FROM tags WHERE episode_id = ?').run(episodeId);
        const insert = this.db.prepare('INSERT INTO tags (episode_id, tag) VALUES (?, ?)');
        for (const tag of unique) insert.run(episodeId, tag);
        const after = this.tagsOf(episodeId);
        if (before.join('\n') !== after.join('\n'))
          audit.record({ action: 'episode.tags', target: episodeId, episodeId, detail: { before, after } });
      })
      .immediate();
    return this.getSummary(episodeId);
  }

  /** The distinct tags with this prefix on any of the episodes (ids no longer present are skipped). */
  tagsWithPrefix(episodeIds: readonly string[], prefix: string): string[] {
    // The ids as one JSON parameter: a model's episode list may pass SQLite's variable limit.
    return this.db
      .prepare(
        `SELECT DISTINCT tag FROM tags WHERE substr(tag, 1, ?) = ?
           AND episode_id IN (SELECT value FROM json_each(?)) ORDER BY tag`,
      )
      .pluck()
      .all(prefix.length, prefix, JSON.stringify(episodeIds)) as string[];
  }

  private tagsOf(episodeId: string): string[] {
    return (
      this.db.prepare('SELECT tag FROM tags WHERE episode_id = ? ORDER BY tag').all(episodeId) as {
        tag: string;
      }[]
    ).map((r) => r.tag);
  }

  /** Blob hashes any row still refers to. */
  referencedBlobs(): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT blob AS h FROM streams UNION SELECT timestamps_blob FROM streams
         UNION SELECT thumbnail_blob FROM episodes WHERE thumbnail_blob IS NOT NULL
         UNION SELECT urdf_blob FROM robots UNION SELECT original_blob FROM robots
         UNION SELECT value FROM robots, json_each(robots.mesh_blobs)`,
      )
      .all() as { h: string }[];
    return new Set(rows.map((r) => r.h));
  }

  blobMime(hash: string): string | undefined {
    return (
      this.db.prepare('SELECT mime FROM blobs WHERE hash = ?').get(hash) as { mime: string } | undefined
    )?.mime;
  }

  private episodeRow(id: string): EpisodeRow {
    const row = this.db
      .prepare(
        'SELECT e.*, d.name AS dataset FROM episodes e JOIN datasets d ON d.id = e.dataset_id WHERE e.id = ?',
      )
      .get(id) as EpisodeRow | undefined;
    if (!row) throw new StudioError('not_found', `no episode ${id}`);
    return row;
  }

  private summaries(rows: EpisodeRow[]): EpisodeSummary[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const placeholders = ids.map(() => '?').join(',');
    const streams = this.db
      .prepare(
        `SELECT episode_id, name, kind, frames FROM streams WHERE episode_id IN (${placeholders}) ORDER BY kind DESC, name`,
      )
      .all(...ids) as Pick<StreamRow, 'episode_id' | 'name' | 'kind' | 'frames'>[];
    const tags = this.db
      .prepare(`SELECT episode_id, tag FROM tags WHERE episode_id IN (${placeholders}) ORDER BY tag`)
      .all(...ids) as { episode_id: string; tag: string }[];
    const trims = this.db
      .prepare(
        `SELECT episode_id, start_ns AS startNs, end_ns AS endNs FROM episode_trims
         WHERE episode_id IN (${placeholders})`,
      )
      .all(...ids) as { episode_id: string; startNs: number; endNs: number }[];
    const checks = this.db
      .prepare(
        `SELECT s.episode_id, m.status FROM streams s JOIN media_checks m ON m.blob = s.blob
         WHERE s.kind = 'video' AND s.episode_id IN (${placeholders})`,
      )
      .all(...ids) as { episode_id: string; status: 'ok' | 'damaged' }[];
    const checksBy = groupBy(checks, (c) => c.episode_id);
    const streamsBy = groupBy(streams, (s) => s.episode_id);
    const tagsBy = groupBy(tags, (t) => t.episode_id);
    const trimBy = new Map(trims.map(({ episode_id, ...trim }) => [episode_id, trim]));
    return rows.map((r) => ({
      id: r.id,
      datasetId: r.dataset_id,
      dataset: r.dataset,
      name: r.name,
      durationNs: r.duration_ns,
      createdAt: r.created_at,
      thumbnailBlob: r.thumbnail_blob,
      tags: (tagsBy.get(r.id) ?? []).map((t) => t.tag),
      streams: (streamsBy.get(r.id) ?? []).map((s) => ({ name: s.name, kind: s.kind, frames: s.frames })),
      origin: r.origin_id === null ? null : { episodeId: r.origin_id, offsetNs: r.origin_offset_ns ?? 0 },
      hidden: r.hidden_at !== null,
      trim: trimBy.get(r.id) ?? null,
      media: mediaStatus(
        (streamsBy.get(r.id) ?? []).filter((s) => s.kind === 'video').length,
        (checksBy.get(r.id) ?? []).map((c) => c.status),
      ),
    }));
  }
}

/** An episode's videos as the verify job found them: damaged if any is, ok once all are checked. */
function mediaStatus(videos: number, found: readonly ('ok' | 'damaged')[]): EpisodeSummary['media'] {
  if (videos === 0) return 'none';
  if (found.includes('damaged')) return 'damaged';
  return found.length >= videos ? 'ok' : 'unchecked';
}

function toStream(r: StreamRow): Stream {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    frames: r.frames,
    durationNs: r.duration_ns,
    blob: r.blob,
    timestampsBlob: r.timestamps_blob,
    columns: JSON.parse(r.columns) as string[],
    video: r.video ? (JSON.parse(r.video) as Stream['video']) : null,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
