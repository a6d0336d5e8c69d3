/** DAgger runs and their finished iterations (the `dagger_runs` and `dagger_iterations` tables). */
import {
  DaggerRequestSchema,
  StudioError,
  type DaggerIteration,
  type DaggerRequest,
  type DaggerRun,
} from '../common/api';
import type { Workspace } from '../workspace/workspace';
import { nowIso } from '../workspace/ids';

interface RunRow {
  id: string;
  job_id: string | null;
  env: DaggerRun['env'];
  dataset: string;
  config: string;
  created_by: string;
  created_at: string;
}

interface IterationRow {
  iteration: number;
  dataset_version: number;
  beta: number;
  model_id: string;
  labels: number;
  new_labels: number;
  visited_frames: number;
  success_rate: number;
  ci95: string;
  score: number;
  episode_ids: string;
  finished_at: string;
}

/** A run id tied to its job, so a job resumed after a crash finds its own run. */
export const runIdOfJob = (jobId: string) => `dagger_${jobId.replace(/^job_/, '')}`;

export class RunStore {
  constructor(private readonly ws: Workspace) {}

  /** Creates the run's row once (a resumed job finds it). */
  ensure(id: string, jobId: string, config: DaggerRequest, dataset: string): DaggerRun {
    this.ws.db
      .prepare(
        `INSERT OR IGNORE INTO dagger_runs (id, job_id, env, dataset, config, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, jobId, config.env, dataset, JSON.stringify(config), this.ws.identity.current().name, nowIso());
    return this.get(id);
  }

  /** Records a finished iteration; an iteration finished again by a resumed job replaces its row. */
  finish(runId: string, it: DaggerIteration): void {
    this.ws.db
      .prepare(
        `INSERT OR REPLACE INTO dagger_iterations (run_id, iteration, dataset_version, beta, model_id, labels,
           new_labels, visited_frames, success_rate, ci95, score, episode_ids, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        it.iteration,
        it.datasetVersion,
        it.beta,
        it.model,
        it.labels,
        it.newLabels,
        it.visitedFrames,
        it.successRate,
        JSON.stringify(it.ci95),
        it.score,
        JSON.stringify(it.episodeIds),
        it.finishedAt,
      );
  }

  get(id: string): DaggerRun {
    const row = this.ws.db.prepare('SELECT * FROM dagger_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new StudioError('not_found', `no DAgger run ${id}`);
    return this.toRun(row);
  }

  list(): DaggerRun[] {
    const rows = this.ws.db.prepare('SELECT * FROM dagger_runs ORDER BY created_at DESC, id DESC').all();
    return (rows as RunRow[]).map((r) => this.toRun(r));
  }

  private toRun(r: RunRow): DaggerRun {
    const iterations = this.ws.db
      .prepare('SELECT * FROM dagger_iterations WHERE run_id = ? ORDER BY iteration')
      .all(r.id) as IterationRow[];
    return {
      id: r.id,
      jobId: r.job_id,
      env: r.env,
      dataset: r.dataset,
      config: DaggerRequestSchema.parse(JSON.parse(r.config)),
      createdBy: r.created_by,
      createdAt: r.created_at,
      iterations: iterations.map((i) => ({
        iteration: i.iteration,
        datasetVersion: i.dataset_version,
        beta: i.beta,
        model: i.model_id,
        labels: i.labels,
        newLabels: i.new_labels,
        visitedFrames: i.visited_frames,
        successRate: i.success_rate,
        ci95: JSON.parse(i.ci95) as [number, number],
        score: i.score,
        episodeIds: JSON.parse(i.episode_ids) as string[],
        finishedAt: i.finished_at,
      })),
    };
  }
}
