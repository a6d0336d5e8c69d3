import { StudioError } from '../common/api';
import type { Db } from '../workspace/db';
import type { Span } from './window';

/** What a split or merge reads of an episode, besides its streams. */
export interface EpisodeRecord {
  id: string;
  name: string;
  datasetId: string;
  durationNs: number;
  /** The root recording: the episode itself for an original. */
  rootId: string;
  /** Where the episode's t=0 lies in the root's time. */
  offsetNs: number;
  isPart: boolean;
  hidden: boolean;
  metadata: Record<string, unknown>;
  sourcePath: string | null;
  thumbnail: string | null;
}

export interface SegmentSpan extends Span {
  label: string;
  instruction: string;
  color: string;
}

/** Reads the rows that travel with an episode's parts: segments, trim, tags, ground truth. */
export class EpisodeRecords {
  constructor(private readonly db: Db) {}

  get(id: string): EpisodeRecord {
    const r = this.db
      .prepare(
        `SELECT id, name, dataset_id, duration_ns, origin_id, origin_offset_ns, hidden_at, metadata,
                source_path, thumbnail_blob FROM episodes WHERE id = ?`,
      )
      .get(id) as
      | {
          id: string;
          name: string;
          dataset_id: string;
          duration_ns: number;
          origin_id: string | null;
          origin_offset_ns: number | null;
          hidden_at: string | null;
          metadata: string;
          source_path: string | null;
          thumbnail_blob: string | null;
        }
      | undefined;
    if (!r) throw new StudioError('not_found', `no episode ${id}`);
    return {
      id: r.id,
      name: r.name,
      datasetId: r.dataset_id,
      durationNs: r.duration_ns,
      rootId: r.origin_id ?? r.id,
      offsetNs: r.origin_offset_ns ?? 0,
      isPart: r.origin_id !== null,
      hidden: r.hidden_at !== null,
      metadata: JSON.parse(r.metadata) as Record<string, unknown>,
      sourcePath: r.source_path,
      thumbnail: r.thumbnail_blob,
    };
  }

  /** The episode, refused when a split or merge already replaced it. */
  visible(id: string): EpisodeRecord {
    const e = this.get(id);
    if (e.hidden)
      throw new StudioError(
        'conflict',
        `episode "${e.name}" (${e.id}) is hidden: a split or merge replaced it; use its parts instead`,
      );
    return e;
  }

  segments(id: string): SegmentSpan[] {
    return this.db
      .prepare(
        `SELECT start_ns AS startNs, end_ns AS endNs, label, instruction, color FROM segments
         WHERE episode_id = ? ORDER BY start_ns, end_ns, id`,
      )
      .all(id) as SegmentSpan[];
  }

  trim(id: string): Span | null {
    return (
      (this.db
        .prepare('SELECT start_ns AS startNs, end_ns AS endNs FROM episode_trims WHERE episode_id = ?')
        .get(id) as Span | undefined) ?? null
    );
  }

  tags(id: string): string[] {
    return (
      this.db.prepare('SELECT tag FROM tags WHERE episode_id = ? ORDER BY tag').all(id) as { tag: string }[]
    ).map((t) => t.tag);
  }

  groundTruth(id: string): string | null {
    return (
      (
        this.db.prepare('SELECT data FROM episode_ground_truth WHERE episode_id = ?').get(id) as
          { data: string } | undefined
      )?.data ?? null
    );
  }
}
