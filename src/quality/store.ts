import { QualitySettingsSchema, StudioError, type QualitySettings } from '../common/api';
import type { Workspace } from '../workspace/workspace';
import { nowIso } from '../workspace/ids';
import { QUALITY_VERSION } from './load';
import type { SignalResult } from './types';

export interface StoredSignals {
  episodeId: string;
  hash: string;
  signals: SignalResult[];
  computedAt: string;
}

export interface QualityRun {
  hash: string;
  learnedHash: string | null;
  computedAt: string;
}

/** The quality rows of a workspace: settings per dataset (audited), signals per episode, runs. */
export class QualityStore {
  constructor(private readonly ws: Workspace) {}

  datasetId(name: string): string {
    const row = this.ws.db.prepare('SELECT id FROM datasets WHERE name = ?').get(name) as
      { id: string } | undefined;
    if (!row) throw new StudioError('not_found', `no dataset named "${name}"`);
    return row.id;
  }

  settings(datasetId: string): QualitySettings {
    const row = this.ws.db
      .prepare('SELECT settings FROM quality_settings WHERE dataset_id = ?')
      .get(datasetId) as { settings: string } | undefined;
    const parsed = QualitySettingsSchema.safeParse(row ? JSON.parse(row.settings) : {});
    if (!parsed.success)
      throw new StudioError('internal', `dataset ${datasetId}: stored quality settings do not parse`);
    return parsed.data;
  }

  setSettings(datasetId: string, settings: QualitySettings): QualitySettings {
    const next = QualitySettingsSchema.parse(settings);
    this.ws.db
      .transaction(() => {
        const before = this.settings(datasetId);
        this.ws.db
          .prepare(
            `INSERT INTO quality_settings (dataset_id, settings, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (dataset_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
          )
          .run(datasetId, JSON.stringify(next), nowIso());
        this.ws.audit.record({
          action: 'quality.settings',
          target: datasetId,
          episodeId: null,
          detail: { before, after: next },
        });
      })
      .immediate();
    return next;
  }

  run(datasetId: string): QualityRun | null {
    const row = this.ws.db
      .prepare('SELECT input_hash, learned_hash, computed_at, version FROM quality_runs WHERE dataset_id = ?')
      .get(datasetId) as
      { input_hash: string; learned_hash: string | null; computed_at: string; version: number } | undefined;
    if (!row || row.version !== QUALITY_VERSION) return null;
    return { hash: row.input_hash, learnedHash: row.learned_hash, computedAt: row.computed_at };
  }

  signals(episodeIds: readonly string[]): Map<string, StoredSignals> {
    const get = this.ws.db.prepare('SELECT * FROM quality_signals WHERE episode_id = ? AND version = ?');
    const out = new Map<string, StoredSignals>();
    for (const id of episodeIds) {
      const row = get.get(id, QUALITY_VERSION) as
        { episode_id: string; input_hash: string; signals: string; computed_at: string } | undefined;
      if (row)
        out.set(id, {
          episodeId: id,
          hash: row.input_hash,
          signals: JSON.parse(row.signals) as SignalResult[],
          computedAt: row.computed_at,
        });
    }
    return out;
  }

  /** Writes a dataset's signals and its run row in one transaction. */
  save(
    datasetId: string,
    rows: readonly Omit<StoredSignals, 'computedAt'>[],
    run: Omit<QualityRun, 'computedAt'>,
  ): void {
    const now = nowIso();
    const put = this.ws.db.prepare(
      `INSERT INTO quality_signals (episode_id, version, input_hash, signals, computed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, input_hash = excluded.input_hash,
       signals = excluded.signals, computed_at = excluded.computed_at`,
    );
    this.ws.db
      .transaction(() => {
        for (const r of rows) put.run(r.episodeId, QUALITY_VERSION, r.hash, JSON.stringify(r.signals), now);
        this.ws.db
          .prepare(
            `INSERT INTO quality_runs (dataset_id, version, input_hash, learned_hash, computed_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (dataset_id) DO UPDATE SET version = excluded.version, input_hash = excluded.input_hash,
             learned_hash = excluded.learned_hash, computed_at = excluded.computed_at`,
          )
          .run(datasetId, QUALITY_VERSION, run.hash, run.learnedHash, now);
      })
      .immediate();
  }
}
