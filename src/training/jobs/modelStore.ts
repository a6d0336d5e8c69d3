import { z } from 'zod';
import { ModelMetricsSchema, StudioError, type Model, type ModelMetrics } from '../../common/api';
import type { Db } from '../../workspace/db';
import { nowIso } from '../../workspace/ids';

interface ModelRow {
  id: string;
  name: string;
  policy: string;
  config: string;
  dataset_snapshot: string;
  metrics: string;
  backend: string;
  checkpoint: string;
  job_id: string | null;
  created_at: string;
}

function toModel(r: ModelRow): Model {
  return {
    id: r.id,
    name: r.name,
    policy: r.policy,
    config: JSON.parse(r.config) as Model['config'],
    dataset: JSON.parse(r.dataset_snapshot) as Model['dataset'],
    metrics: parseMetrics(r),
    backend: r.backend,
    checkpoint: JSON.parse(r.checkpoint) as Model['checkpoint'],
    jobId: r.job_id,
    createdAt: r.created_at,
  };
}

/** Through the schema, so fields added since a model was stored get their defaults (an eval's `scores`). */
function parseMetrics(r: ModelRow): ModelMetrics {
  const parsed = ModelMetricsSchema.safeParse(JSON.parse(r.metrics));
  if (!parsed.success) {
    throw new StudioError(
      'internal',
      `model ${r.id}: its stored metrics do not match the schema: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** The trained models registry (the `models` table). */
export class ModelStore {
  constructor(private readonly db: Db) {}

  /** Inserts or replaces: a training job that is resumed after registering writes the same row again. */
  put(model: Omit<Model, 'createdAt'>): Model {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO models
         (id, name, policy, config, dataset_snapshot, metrics, backend, checkpoint, job_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        model.id,
        model.name,
        model.policy,
        JSON.stringify(model.config),
        JSON.stringify(model.dataset),
        JSON.stringify(model.metrics),
        model.backend,
        JSON.stringify(model.checkpoint),
        model.jobId,
        nowIso(),
      );
    return this.get(model.id);
  }

  get(id: string): Model {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    if (!row) throw new StudioError('not_found', `no model ${id}`);
    return toModel(row);
  }

  list(): Model[] {
    return (
      this.db.prepare('SELECT * FROM models ORDER BY created_at DESC, id DESC').all() as ModelRow[]
    ).map(toModel);
  }

  /** Read-modify-write of the metrics in one transaction, so concurrent evaluations do not lose results. */
  updateMetrics(id: string, update: (metrics: ModelMetrics) => ModelMetrics): Model {
    this.db
      .transaction(() => {
        const metrics = this.get(id).metrics;
        this.db
          .prepare('UPDATE models SET metrics = ? WHERE id = ?')
          .run(JSON.stringify(update(metrics)), id);
      })
      .immediate();
    return this.get(id);
  }
}
