/**
 * Rollouts recorded on a real robot (or anywhere else), imported by the normal importers, attached to
 * a DAgger run as rollouts of its current iteration. Each gets an empty label series of the run
 * (labeler `import`, every frame class `rollout`, the given policy version), so the expert labels it
 * like a simulated rollout and the next retrain aggregates what was labelled. There is no
 * environment to step: no live takeover, and nothing is labelled until the expert does it.
 */
import { ARM_SPEC, LANE_SPEC, PUSHT_SPEC, type EnvSpec } from '../sim';
import { EXTERNAL_POLICY, StudioError, type ImportedRollout } from '../common/api';
import type { Episode } from '../common/api';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';
import { classCode } from './frameClasses';
import { LabelStore } from './labelStore';
import { RunStore } from './runStore';

export const IMPORT_LABELER = 'import';

const SPECS: Record<string, EnvSpec> = { pusht: PUSHT_SPEC, lane: LANE_SPEC, arm: ARM_SPEC };

interface Row {
  episode_id: string;
  dataset_version: number;
  policy_version: string;
  frames: number;
  actor: string;
  labelled_at: string;
}

export class RolloutImporter {
  private readonly runs: RunStore;
  private readonly labels: LabelStore;
  private readonly catalog: Catalog;

  constructor(private readonly ws: Workspace) {
    this.runs = new RunStore(ws);
    this.labels = new LabelStore(ws);
    this.catalog = new Catalog(ws.db);
  }

  /** The run's imported rollouts, in the order they were imported. */
  list(runId: string): ImportedRollout[] {
    this.runs.get(runId);
    const rows = this.ws.db
      .prepare(
        `SELECT episode_id, dataset_version, policy_version, frames, actor, labelled_at FROM label_series
         WHERE run_id = ? AND labeler = ? ORDER BY rowid`,
      )
      .all(runId, IMPORT_LABELER) as Row[];
    return rows.map((r) => ({
      episodeId: r.episode_id,
      iteration: r.dataset_version,
      policyVersion: r.policy_version,
      frames: r.frames,
      importedBy: r.actor,
      importedAt: r.labelled_at,
    }));
  }

  async attach(
    runId: string,
    episodeIds: readonly string[],
    policyVersion: string = EXTERNAL_POLICY,
  ): Promise<{ runId: string; iteration: number; rollouts: ImportedRollout[] }> {
    const run = this.runs.get(runId);
    const spec = SPECS[run.env]!;
    const iteration = run.iterations.length;
    if (new Set(episodeIds).size !== episodeIds.length)
      throw new StudioError('bad_input', 'an episode is named more than once');
    // Every episode is checked before anything is written: all are attached or none.
    const checked = episodeIds.map((id) => this.check(id, spec, run.env));
    for (const { episode, frames, columns } of checked) {
      await this.labels.add(
        {
          episodeId: episode.id,
          runId,
          datasetVersion: iteration,
          labeler: IMPORT_LABELER,
          policyVersion,
          columns,
          values: new Float32Array(frames * columns.length).fill(NaN),
          mask: new Uint8Array(frames),
          classes: new Uint8Array(frames).fill(classCode('rollout')),
        },
        () => ({
          action: 'dagger.import-rollout',
          target: runId,
          episodeId: episode.id,
          detail: { run: runId, iteration, policyVersion, frames, dataset: episode.dataset },
        }),
      );
    }
    const mine = new Set(episodeIds);
    return { runId, iteration, rollouts: this.list(runId).filter((r) => mine.has(r.episodeId)) };
  }

  /** The episode must pair an `observation.state` and an `action` row for row in the run's environment's terms. */
  private check(
    id: string,
    spec: EnvSpec,
    env: string,
  ): { episode: Episode; frames: number; columns: string[] } {
    let episode: Episode;
    try {
      episode = this.catalog.getEpisode(id);
    } catch (e) {
      throw new StudioError('not_found', `no episode ${id} to import (${(e as Error).message})`);
    }
    const owner = this.labels.latestOf(id);
    if (owner)
      throw new StudioError(
        'conflict',
        `episode ${id} already has labels${owner.run_id ? ` in DAgger run ${owner.run_id}` : ''}`,
      );
    const series = (name: string, width: number, what: string) => {
      const s = episode.streamDetails.find((d) => d.name === name && d.kind === 'series');
      if (!s) throw new StudioError('bad_input', `episode ${id} (${episode.name}) has no ${name} series`);
      if (s.columns.length !== width)
        throw new StudioError(
          'bad_input',
          `episode ${id} (${episode.name}): ${name} has ${s.columns.length} columns, ${env} has ${width} ${what} (${spec[what === 'observations' ? 'observation' : 'action'].join(', ')})`,
        );
      return s;
    };
    const obs = series('observation.state', spec.observation.length, 'observations');
    const action = series('action', spec.action.length, 'actions');
    if (obs.frames !== action.frames)
      throw new StudioError(
        'bad_input',
        `episode ${id} (${episode.name}): ${obs.frames} observation.state rows but ${action.frames} action rows; labels pair them row for row`,
      );
    if (action.frames === 0)
      throw new StudioError('bad_input', `episode ${id} (${episode.name}) has no frames`);
    return { episode, frames: action.frames, columns: [...spec.action] };
  }
}
