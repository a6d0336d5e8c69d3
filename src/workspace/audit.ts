import type { AuditEntry, UserIdentity, UserRole } from '../common/api/identityCalls';
import type { Db } from './db';
import { nowIso } from './ids';

/** One change, as its writer describes it; who made it and when are added by the log. */
export interface AuditRecord {
  /** `<subject>.<verb>`, e.g. `segment.update`, `episode.tags`, `rig.set`. */
  action: string;
  /** The id of what changed. */
  target: string;
  /** The episode the change concerns, when it concerns one: what `listAudit` filters on. */
  episodeId: string | null;
  detail: unknown;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  role: UserRole | null;
  action: string;
  target: string;
  episode_id: string | null;
  detail: string;
}

/**
 * The workspace's append-only audit trail. Every row names the user of the machine that wrote it
 * (the studio, the CLI or a job worker). `record` writes on the caller's connection, so a caller's
 * transaction holds its change and the row that describes it, or neither.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly user: () => UserIdentity,
  ) {}

  record(r: AuditRecord): void {
    const { name, role } = this.user();
    this.db
      .prepare(
        `INSERT INTO audit (at, actor, role, action, target, episode_id, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(nowIso(), name, role, r.action, r.target, r.episodeId, JSON.stringify(r.detail) ?? '{}');
  }

  /** Newest first; with `episodeId`, only the rows about that episode. */
  list(q: { episodeId?: string; limit: number }): AuditEntry[] {
    const rows = (
      q.episodeId === undefined
        ? this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(q.limit)
        : this.db
            .prepare('SELECT * FROM audit WHERE episode_id = ? ORDER BY id DESC LIMIT ?')
            .all(q.episodeId, q.limit)
    ) as AuditRow[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      role: r.role,
      action: r.action,
      target: r.target,
      episodeId: r.episode_id,
      detail: JSON.parse(r.detail) as unknown,
    }));
  }
}
