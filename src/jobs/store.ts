import type { Job, JobState } from '../common/api';
import { StudioError } from '../common/api';
import type { Db } from '../workspace/db';
import { newId, nowIso } from '../workspace/ids';

interface JobRow {
  id: string;
  kind: string;
  title: string;
  params: string;
  state: JobState;
  progress: number | null;
  message: string;
  error: string | null;
  result: string | null;
  checkpoint: string | null;
  attempts: number;
  owner: string | null;
  heartbeat_at: number | null;
  cancel_requested: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export const TERMINAL: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    state: r.state,
    progress: r.progress,
    message: r.message,
    error: r.error,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    attempts: r.attempts,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** The persisted job queue: every state change is a row update, so a restart sees where each job stands. */
export class JobStore {
  constructor(private readonly db: Db) {}

  enqueue(kind: string, title: string, params: unknown): Job {
    const id = newId('job');
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, title, params, state, progress, message, created_at)
         VALUES (?, ?, ?, ?, 'queued', NULL, 'Waiting to start', ?)`,
      )
      .run(id, kind, title, JSON.stringify(params), nowIso());
    return this.get(id);
  }

  get(id: string): Job {
    return toJob(this.row(id));
  }

  params(id: string): { kind: string; params: unknown; checkpoint: unknown } {
    const r = this.row(id);
    return {
      kind: r.kind,
      params: JSON.parse(r.params) as unknown,
      checkpoint: r.checkpoint === null ? null : (JSON.parse(r.checkpoint) as unknown),
    };
  }

  list(limit: number): Job[] {
    return (
      this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as JobRow[]
    ).map(toJob);
  }

  /** Atomically takes the oldest queued job (optionally one of `only`) for `owner`. */
  claimNext(owner: string, only?: ReadonlySet<string>): Job | null {
    return this.db
      .transaction(() => {
        const candidates = this.db
          .prepare(`SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at, id LIMIT 200`)
          .all() as { id: string }[];
        const pick = candidates.find((c) => !only || only.has(c.id));
        if (!pick) return null;
        this.db
          .prepare(
            `UPDATE jobs SET state = 'running', owner = ?, heartbeat_at = ?, attempts = attempts + 1,
           started_at = COALESCE(started_at, ?), message = 'Starting' WHERE id = ? AND state = 'queued'`,
          )
          .run(owner, Date.now(), nowIso(), pick.id);
        return this.get(pick.id);
      })
      .immediate();
  }

  progress(id: string, progress: number | null, message: string): Job {
    this.db
      .prepare(
        `UPDATE jobs SET progress = ?, message = ?, heartbeat_at = ? WHERE id = ? AND state = 'running'`,
      )
      .run(progress, message, Date.now(), id);
    return this.get(id);
  }

  /**
   * Marks the jobs a process is running as alive. Only the ones it names: a job whose end this
   * process could not record goes stale and is recovered like any other.
   */
  heartbeat(owner: string, ids: string[]): void {
    this.db
      .prepare(
        `UPDATE jobs SET heartbeat_at = ? WHERE owner = ? AND state = 'running'
           AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(Date.now(), owner, JSON.stringify(ids));
  }

  saveCheckpoint(id: string, checkpoint: unknown): void {
    this.db.prepare('UPDATE jobs SET checkpoint = ? WHERE id = ?').run(JSON.stringify(checkpoint), id);
  }

  finish(
    id: string,
    state: 'succeeded' | 'failed' | 'cancelled',
    fields: { result?: unknown; error?: string; message: string },
  ): Job {
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, result = ?, error = ?, message = ?, finished_at = ?,
         progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END WHERE id = ?`,
      )
      .run(
        state,
        fields.result === undefined ? null : JSON.stringify(fields.result),
        fields.error ?? null,
        fields.message,
        nowIso(),
        state,
        id,
      );
    return this.get(id);
  }

  requestCancel(id: string): Job {
    const job = this.get(id);
    if (job.state === 'queued')
      return this.finish(id, 'cancelled', { message: 'Cancelled before it started' });
    if (job.state === 'running') this.db.prepare('UPDATE jobs SET cancel_requested = 1 WHERE id = ?').run(id);
    return this.get(id);
  }

  cancelRequested(id: string): boolean {
    return this.row(id).cancel_requested === 1;
  }

  /** Running jobs whose owner stopped sending heartbeats: the process that ran them is gone. */
  stale(olderThanMs: number): Job[] {
    return (
      this.db
        .prepare(`SELECT * FROM jobs WHERE state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ?)`)
        .all(Date.now() - olderThanMs) as JobRow[]
    ).map(toJob);
  }

  requeue(id: string, message: string): Job {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', owner = NULL, message = ?, cancel_requested = 0 WHERE id = ?`,
      )
      .run(message, id);
    return this.get(id);
  }

  log(id: string, level: string, line: string): void {
    this.db
      .prepare(
        `INSERT INTO job_logs (job_id, seq, at, level, line)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM job_logs WHERE job_id = ?), ?, ?, ?)`,
      )
      .run(id, id, nowIso(), level, line.slice(0, 4000));
  }

  logs(id: string): { at: string; level: string; line: string }[] {
    return this.db.prepare('SELECT at, level, line FROM job_logs WHERE job_id = ? ORDER BY seq').all(id) as {
      at: string;
      level: string;
      line: string;
    }[];
  }

  private row(id: string): JobRow {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!r) throw new StudioError('not_found', `no job ${id}`);
    return r;
  }
}
