/**
 * An expert's edits of an episode's labels. Each edit starts from the episode's newest label series
 * and writes a new one (the earlier ones stay, so the history of who labelled what is kept), with an
 * audit event naming the user, in one transaction. The new series keeps the policy version of the
 * rollout and belongs to the run's next dataset version, so the next retrain aggregates it.
 */
import {
  FRAME_CLASSES,
  StudioError,
  type EpisodeLabels,
  type LabelEditResult,
  type LabelSpan,
} from '../common/api';
import type { Workspace } from '../workspace/workspace';
import { classCode } from './frameClasses';
import { HUMAN_LABELER, LabelStore, type LabelSeriesRow } from './labelStore';
import { RunStore } from './runStore';
import {
  checkSpan,
  cleared,
  cut,
  interpolate,
  labelled,
  paste,
  type Keyframe,
  type LabelArrays,
} from './spanEdit';

export async function readSeriesBlob(ws: Workspace, episodeId: string, name: string): Promise<Float32Array> {
  const row = ws.db
    .prepare("SELECT blob FROM streams WHERE episode_id = ? AND name = ? AND kind = 'series'")
    .get(episodeId, name) as { blob: string } | undefined;
  if (!row) throw new StudioError('not_found', `episode ${episodeId} has no ${name} series`);
  const raw = await ws.blobs.read(row.blob);
  const out = new Float32Array(raw.byteLength / 4);
  new Uint8Array(out.buffer).set(raw);
  return out;
}

const range = (start: number, end: number) => Array.from({ length: end - start + 1 }, (_, i) => start + i);

export class LabelEditor {
  private readonly store: LabelStore;

  constructor(private readonly ws: Workspace) {
    this.store = new LabelStore(ws);
  }

  private current(episodeId: string): LabelSeriesRow {
    const row = this.store.latestOf(episodeId);
    if (!row)
      throw new StudioError('not_found', `episode ${episodeId} has no labels (it is not a DAgger rollout)`);
    return row;
  }

  private async arrays(row: LabelSeriesRow): Promise<LabelArrays> {
    const { values, mask, classes } = await this.store.read(row);
    return { columns: (JSON.parse(row.columns) as string[]).length, values, mask, classes };
  }

  async read(episodeId: string): Promise<EpisodeLabels> {
    const row = this.current(episodeId);
    const a = await this.arrays(row);
    const actions = await readSeriesBlob(this.ws, episodeId, 'action');
    const all = cut(a, 0, row.frames - 1);
    return {
      episodeId,
      runId: row.run_id,
      columns: JSON.parse(row.columns) as string[],
      frames: row.frames,
      values: all.values,
      mask: all.mask,
      classes: all.classes,
      policyActions: Array.from(actions.subarray(0, row.frames * a.columns)),
      policyVersion: row.policy_version,
      datasetVersion: row.dataset_version,
      labeler: row.labeler,
      actor: row.actor,
      role: row.role,
      labelledAt: row.labelled_at,
      labelled: row.labelled,
      history: this.store.allOf(episodeId).map((r) => ({
        id: r.id,
        labeler: r.labeler,
        actor: r.actor,
        labelledAt: r.labelled_at,
        labelled: r.labelled,
      })),
    };
  }

  /** Keyframes interpolated over the span: the expert's actions, as interventions. */
  labelFrames(
    episodeId: string,
    keyframes: Keyframe[],
    start?: number,
    end?: number,
  ): Promise<LabelEditResult> {
    const frames = keyframes.map((k) => k.frame);
    const from = start ?? Math.min(...frames);
    const to = end ?? Math.max(...frames);
    return this.edit(
      episodeId,
      'dagger.label-frames',
      from,
      to,
      (a) =>
        labelled(
          from,
          interpolate(keyframes, range(from, to), a.columns),
          a.columns,
          classCode('intervention'),
        ),
      { keyframes },
    );
  }

  /** The policy's own actions over the span, recorded as accepted (class `rollout`, labelled). */
  async acceptPolicy(episodeId: string, start: number, end: number): Promise<LabelEditResult> {
    const actions = await readSeriesBlob(this.ws, episodeId, 'action');
    return this.edit(
      episodeId,
      'dagger.accept-policy',
      start,
      end,
      (a) =>
        labelled(
          start,
          actions.slice(start * a.columns, (end + 1) * a.columns),
          a.columns,
          classCode('rollout'),
        ),
      {},
    );
  }

  clear(episodeId: string, start: number, end: number): Promise<LabelEditResult> {
    return this.edit(episodeId, 'dagger.clear-labels', start, end, (a) => cleared(a, start, end), {});
  }

  restore(episodeId: string, span: LabelSpan): Promise<LabelEditResult> {
    const end = span.startFrame + span.mask.length - 1;
    return this.edit(episodeId, 'dagger.restore-labels', span.startFrame, end, () => span, {});
  }

  private async edit(
    episodeId: string,
    action: string,
    start: number,
    end: number,
    make: (a: LabelArrays) => LabelSpan,
    detail: object,
  ): Promise<LabelEditResult> {
    const row = this.current(episodeId);
    const before = await this.arrays(row);
    let after: LabelSpan;
    let next: LabelArrays;
    try {
      checkSpan(start, end, row.frames, action);
      after = make(before);
      next = paste(before, after);
    } catch (e) {
      throw new StudioError('bad_input', `${episodeId}: ${(e as Error).message}`);
    }
    const runs = new RunStore(this.ws);
    const version = row.run_id === null ? row.dataset_version : runs.get(row.run_id).iterations.length;
    await this.store.add(
      {
        episodeId,
        runId: row.run_id,
        datasetVersion: Math.max(version, row.dataset_version),
        labeler: HUMAN_LABELER,
        policyVersion: row.policy_version,
        columns: JSON.parse(row.columns) as string[],
        values: next.values,
        mask: next.mask,
        classes: next.classes,
      },
      (id) => ({
        action,
        target: id,
        episodeId,
        detail: {
          ...detail,
          run: row.run_id,
          startFrame: start,
          endFrame: end,
          policyVersion: row.policy_version,
          replaces: row.id,
          classes: [...new Set(after.classes)].map((c) => FRAME_CLASSES[c]),
        },
      }),
    );
    return { labels: await this.read(episodeId), before: cut(before, start, end), after };
  }
}
