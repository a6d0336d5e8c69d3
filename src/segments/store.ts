import type { Segment, Trim } from '../common/api/replayCalls';
import { StudioError } from '../common/api';
import type { AuditLog } from '../workspace/audit';
import type { Db } from '../workspace/db';
import { newId, nowIso } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';

interface SegmentRow {
  id: string;
  episode_id: string;
  start_ns: number;
  end_ns: number;
  label: string;
  instruction: string;
  color: string;
}

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  episodeId: r.episode_id,
  startNs: r.start_ns,
  endNs: r.end_ns,
  label: r.label,
  instruction: r.instruction,
  color: r.color,
});

export type SegmentInput = Omit<Segment, 'id' | 'episodeId'>;

/**
 * Segments and trims are rows over an episode's time; the episode's streams are never touched.
 * Every change is written with its audit row, in one transaction.
 */
export class SegmentStore {
  private readonly db: Db;
  private readonly audit: AuditLog;

  constructor(ws: Workspace) {
    this.db = ws.db;
    this.audit = ws.audit;
  }

  private episode(id: string): { id: string; duration_ns: number; dataset_id: string } {
    const row = this.db.prepare('SELECT id, duration_ns, dataset_id FROM episodes WHERE id = ?').get(id) as
      { id: string; duration_ns: number; dataset_id: string } | undefined;
    if (!row) throw new StudioError('not_found', `no episode ${id}`);
    return row;
  }

  private checkSpan(episodeId: string, startNs: number, endNs: number): void {
    const { duration_ns } = this.episode(episodeId);
    if (endNs <= startNs) throw new StudioError('bad_input', 'a segment ends after it starts');
    if (endNs > duration_ns)
      throw new StudioError('bad_input', `ends at ${endNs} ns, after the episode (${duration_ns} ns)`);
  }

  /** Runs one change and its audit row as one write. */
  private write<T>(change: () => T): T {
    return this.db.transaction(change).immediate();
  }

  list(episodeId: string): Segment[] {
    this.episode(episodeId);
    return (
      this.db
        .prepare('SELECT * FROM segments WHERE episode_id = ? ORDER BY start_ns, end_ns, id')
        .all(episodeId) as SegmentRow[]
    ).map(toSegment);
  }

  get(id: string): Segment {
    const row = this.db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
    if (!row) throw new StudioError('not_found', `no segment ${id}`);
    return toSegment(row);
  }

  create(episodeId: string, input: SegmentInput, id = newId('seg')): Segment {
    return this.write(() => {
      this.checkSpan(episodeId, input.startNs, input.endNs);
      if (this.db.prepare('SELECT 1 FROM segments WHERE id = ?').get(id))
        throw new StudioError('conflict', `segment ${id} exists`);
      const now = nowIso();
      this.db
        .prepare(
          `INSERT INTO segments (id, episode_id, start_ns, end_ns, label, instruction, color, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          episodeId,
          input.startNs,
          input.endNs,
          input.label,
          input.instruction,
          input.color,
          now,
          now,
        );
      this.audit.record({ action: 'segment.create', target: id, episodeId, detail: { episodeId, ...input } });
      return this.get(id);
    });
  }

  update(id: string, patch: Partial<SegmentInput>): Segment {
    return this.write(() => {
      const current = this.get(id);
      const next = {
        ...current,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      this.checkSpan(current.episodeId, next.startNs, next.endNs);
      this.db
        .prepare(
          `UPDATE segments SET start_ns = ?, end_ns = ?, label = ?, instruction = ?, color = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(next.startNs, next.endNs, next.label, next.instruction, next.color, nowIso(), id);
      this.audit.record({
        action: 'segment.update',
        target: id,
        episodeId: current.episodeId,
        detail: patch,
      });
      return this.get(id);
    });
  }

  delete(id: string): void {
    this.write(() => {
      const seg = this.get(id);
      this.db.prepare('DELETE FROM segments WHERE id = ?').run(id);
      this.audit.record({ action: 'segment.delete', target: id, episodeId: seg.episodeId, detail: seg });
    });
  }

  /** Labels used anywhere in the episode's dataset, most used first. */
  labels(episodeId: string): string[] {
    const { dataset_id } = this.episode(episodeId);
    return (
      this.db
        .prepare(
          `SELECT s.label, COUNT(*) AS n FROM segments s JOIN episodes e ON e.id = s.episode_id
           WHERE e.dataset_id = ? AND e.hidden_at IS NULL AND s.label <> '' GROUP BY s.label ORDER BY n DESC, s.label`,
        )
        .all(dataset_id) as { label: string }[]
    ).map((r) => r.label);
  }

  getTrim(episodeId: string): Trim | null {
    this.episode(episodeId);
    const row = this.db
      .prepare('SELECT start_ns AS startNs, end_ns AS endNs FROM episode_trims WHERE episode_id = ?')
      .get(episodeId) as Trim | undefined;
    return row ?? null;
  }

  setTrim(episodeId: string, trim: Trim | null): Trim | null {
    return this.write(() => {
      if (trim) {
        this.checkSpan(episodeId, trim.startNs, trim.endNs);
        this.db
          .prepare(
            `INSERT INTO episode_trims (episode_id, start_ns, end_ns, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (episode_id) DO UPDATE SET start_ns = excluded.start_ns, end_ns = excluded.end_ns,
           updated_at = excluded.updated_at`,
          )
          .run(episodeId, trim.startNs, trim.endNs, nowIso());
      } else {
        this.episode(episodeId);
        this.db.prepare('DELETE FROM episode_trims WHERE episode_id = ?').run(episodeId);
      }
      this.audit.record({ action: 'episode.trim', target: episodeId, episodeId, detail: trim });
      return this.getTrim(episodeId);
    });
  }
}
