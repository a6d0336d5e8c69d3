/**
 * Label series: the labels given for an episode's frames, kept beside the episode (its observations
 * are never copied): values (frames x action columns, NaN where unlabelled), a per-frame mask and
 * per-frame classes, each a blob, with who labelled them, when, and the policy version whose
 * rollout produced the states.
 */
import type { AuditRecord } from '../workspace/audit';
import type { Workspace } from '../workspace/workspace';
import { newId, nowIso } from '../workspace/ids';

/** The labeler named on series an expert wrote in the studio. */
export const HUMAN_LABELER = 'human';

export interface LabelSeriesInput {
  episodeId: string;
  runId: string | null;
  datasetVersion: number;
  labeler: string;
  /** The model whose rollout visited these states; null for the expert's own demonstration. */
  policyVersion: string | null;
  columns: readonly string[];
  values: Float32Array;
  mask: Uint8Array;
  classes: Uint8Array;
}

export interface LabelSeriesRow {
  id: string;
  episode_id: string;
  run_id: string | null;
  dataset_version: number;
  labeler: string;
  actor: string;
  role: string | null;
  labelled_at: string;
  policy_version: string | null;
  columns: string;
  frames: number;
  labelled: number;
  values_blob: string;
  mask_blob: string;
  classes_blob: string;
}

export class LabelStore {
  constructor(private readonly ws: Workspace) {}

  private async putBlob(bytes: Uint8Array, mime: string): Promise<string> {
    const { hash } = await this.ws.blobs.putBytes(bytes);
    this.ws.db
      .prepare('INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, ?, ?, ?)')
      .run(hash, bytes.byteLength, mime, nowIso());
    return hash;
  }

  /**
   * Writes one episode's labels; the row names the machine's user as the one who labelled. With
   * `audit`, the row and its audit event are written in one transaction.
   */
  async add(o: LabelSeriesInput, audit?: (id: string) => AuditRecord): Promise<string> {
    const frames = o.mask.length;
    if (o.values.length !== frames * o.columns.length || o.classes.length !== frames)
      throw new Error(
        `label series of ${o.episodeId}: values, mask and classes disagree on ${frames} frames`,
      );
    const values = new Float32Array(o.values);
    for (let f = 0; f < frames; f++)
      if (!o.mask[f]) values.fill(NaN, f * o.columns.length, (f + 1) * o.columns.length);
    const valuesBlob = await this.putBlob(new Uint8Array(values.buffer), 'application/x-float32');
    const maskBlob = await this.putBlob(o.mask, 'application/x-uint8');
    const classesBlob = await this.putBlob(o.classes, 'application/x-uint8');
    const { name, role } = this.ws.identity.current();
    const id = newId('lbl');
    const insert = this.ws.db.prepare(
      `INSERT INTO label_series (id, episode_id, run_id, dataset_version, labeler, actor, role, labelled_at,
           policy_version, columns, frames, labelled, values_blob, mask_blob, classes_blob)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const write = () =>
      insert.run(
        id,
        o.episodeId,
        o.runId,
        o.datasetVersion,
        o.labeler,
        name,
        role,
        nowIso(),
        o.policyVersion,
        JSON.stringify(o.columns),
        frames,
        o.mask.reduce((n, m) => n + (m ? 1 : 0), 0),
        valuesBlob,
        maskBlob,
        classesBlob,
      );
    if (audit === undefined) write();
    else
      this.ws.db
        .transaction(() => {
          write();
          this.ws.audit.record(audit(id));
        })
        .immediate();
    return id;
  }

  /**
   * A run's label series up to a dataset version, in the order they were written: of an episode
   * labelled more than once (an expert's edits write new series), only its newest.
   */
  ofRun(runId: string, upToVersion: number): LabelSeriesRow[] {
    return this.ws.db
      .prepare(
        `SELECT * FROM label_series WHERE rowid IN (
           SELECT MAX(rowid) FROM label_series WHERE run_id = ? AND dataset_version <= ? GROUP BY episode_id)
         ORDER BY rowid`,
      )
      .all(runId, upToVersion) as LabelSeriesRow[];
  }

  /** Every label series of an episode, oldest first. */
  allOf(episodeId: string): LabelSeriesRow[] {
    return this.ws.db
      .prepare('SELECT * FROM label_series WHERE episode_id = ? ORDER BY rowid')
      .all(episodeId) as LabelSeriesRow[];
  }

  /** The newest label series of an episode (what an export writes), or null. */
  latestOf(episodeId: string): LabelSeriesRow | null {
    return (
      (this.ws.db
        .prepare('SELECT * FROM label_series WHERE episode_id = ? ORDER BY rowid DESC LIMIT 1')
        .get(episodeId) as LabelSeriesRow | undefined) ?? null
    );
  }

  /**
   * Drops a run's labels above a version: what an interrupted iteration wrote before it finished.
   * What an expert labelled in the studio meanwhile is kept.
   */
  dropAbove(runId: string, version: number): number {
    return this.ws.db
      .prepare('DELETE FROM label_series WHERE run_id = ? AND dataset_version > ? AND labeler != ?')
      .run(runId, version, HUMAN_LABELER).changes;
  }

  async read(row: LabelSeriesRow): Promise<{ values: Float32Array; mask: Uint8Array; classes: Uint8Array }> {
    const [values, mask, classes] = await Promise.all([
      this.ws.blobs.read(row.values_blob),
      this.ws.blobs.read(row.mask_blob),
      this.ws.blobs.read(row.classes_blob),
    ]);
    const v = new Float32Array(values.byteLength / 4);
    new Uint8Array(v.buffer).set(values);
    return { values: v, mask: new Uint8Array(mask), classes: new Uint8Array(classes) };
  }
}
