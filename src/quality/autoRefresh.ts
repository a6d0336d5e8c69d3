import type { JobRunner } from '../jobs/runner';
import type { Workspace } from '../workspace/workspace';
import { datasetHash, episodeRefs, signalsHash } from './load';
import { QualityStore } from './store';

export interface AutoRefreshOptions {
  /** Quiet time after the last change before datasets are looked at (ms). */
  debounceMs?: number;
  /** Longest a change waits while changes keep coming (ms). */
  maxWaitMs?: number;
}

/**
 * Keeps quality reports fresh without waiting for the user: after an edit or a finished job
 * (debounced), every dataset that has been scored before and whose inputs' hash differs from its
 * last run's gets its `quality` job queued, unless one is already queued or running. Reports turn
 * stale as soon as their inputs change (the report compares hashes on every read); unchanged
 * datasets are never queued. Datasets never scored are left for the user to start, since the
 * cross-fitted score trains policies.
 */
export class QualityAutoRefresh {
  private timer: NodeJS.Timeout | null = null;
  private firstPokeAt = 0;
  private jobsEnded = 0;
  /** The audit trail's last row and the finished-job count at the last full look; null: look again. */
  private seen: string | null = null;
  private stopped = false;

  constructor(
    private readonly ws: Workspace,
    private readonly runner: JobRunner,
    private readonly opts: AutoRefreshOptions = {},
  ) {}

  /** Something may have changed (a call was answered): look after the debounce. */
  poke(): void {
    if (this.stopped) return;
    const now = Date.now();
    if (this.timer) clearTimeout(this.timer);
    else this.firstPokeAt = now;
    const debounce = this.opts.debounceMs ?? 2000;
    const wait = Math.max(0, Math.min(debounce, this.firstPokeAt + (this.opts.maxWaitMs ?? 15_000) - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.check();
      } catch (e) {
        // A timer has no caller to answer: say it here, and look again at the next change.
        this.seen = null;
        console.error('quality auto-refresh: could not compare the datasets with their last run:', e);
      }
    }, wait);
    this.timer.unref();
  }

  /** A job ended: the episodes or videos it wrote may be inputs of a report. */
  jobEnded(kind: string): void {
    if (kind !== 'quality') this.jobsEnded++;
    else this.seen = null;
    this.poke();
  }

  /** Queues the quality job of each scored dataset whose inputs changed; returns their names. */
  check(): string[] {
    const last = this.ws.db.prepare('SELECT MAX(id) AS id FROM audit').get() as { id: number | null };
    const mark = `${last.id ?? 0}:${this.jobsEnded}`;
    if (mark === this.seen) return [];
    const busy = new Set(
      (
        this.ws.db
          .prepare(`SELECT params FROM jobs WHERE kind = 'quality' AND state IN ('queued', 'running')`)
          .all() as { params: string }[]
      ).map((j) => (JSON.parse(j.params) as { dataset: string }).dataset),
    );
    const store = new QualityStore(this.ws);
    const scored = this.ws.db
      .prepare(
        'SELECT d.id, d.name FROM quality_runs r JOIN datasets d ON d.id = r.dataset_id ORDER BY d.name',
      )
      .all() as { id: string; name: string }[];
    const queued: string[] = [];
    let skipped = false;
    for (const { id, name } of scored) {
      if (busy.has(name)) {
        // Its running job may have read the inputs before this change: look again when it ends.
        skipped = true;
        continue;
      }
      const refs = episodeRefs(this.ws, name);
      const settings = store.settings(id);
      const run = store.run(id);
      const learnedHash = settings.learned.enabled ? datasetHash(refs, settings.learned) : null;
      if (run && run.hash === signalsHash(this.ws, refs).hash && run.learnedHash === learnedHash) continue;
      this.runner.enqueue('quality', `Quality of ${name} (its episodes changed)`, { dataset: name });
      queued.push(name);
    }
    this.seen = skipped ? null : mark;
    return queued;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
