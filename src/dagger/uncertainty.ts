/**
 * Where the run's current policy is most uncertain in one of its episodes: the same ensemble
 * disagreement and novelty as the run's `uncertain` selection (`select.ts`), per frame of the
 * episode. The ensemble is the current model plus members retrained on the data it was trained on
 * (the run's labels up to its dataset version); it is kept per model, so ranking another episode
 * of the same iteration trains nothing.
 */
import { StudioError } from '../common/api';
import { mixSeed } from '../sim';
import { initTrainingBackend, loadPolicy, type TrainedPolicy } from '../training';
import { getCheckpoint } from '../training/jobs/checkpointBlobs';
import { ModelStore } from '../training/jobs/modelStore';
import type { Workspace } from '../workspace/workspace';
import { readSeriesBlob } from './labelEditor';
import { labelledData } from './labelData';
import { loadLabelSets } from './labelSets';
import { LabelStore } from './labelStore';
import { retrain } from './retrain';
import { RunStore } from './runStore';
import { disagreement, novelty, priority } from './select';

interface Ensemble {
  model: string;
  members: TrainedPolicy[];
  /** The observations the model was trained on (for novelty). */
  known: Float32Array;
}

export interface FrameUncertainty {
  model: string;
  /** Rank priority scaled to 0 (least) .. 1 (most uncertain). */
  scores: number[];
  disagreement: number[];
  novelty: number[];
}

/** How the uncertainty ensemble is trained. */
interface EnsembleConfig {
  seed: number;
  ensemble: number;
  hidden: number[];
  learningRate: number;
  steps: number;
  batchSize: number;
}

export class UncertaintyRanker {
  private ensemble: Promise<Ensemble> | null = null;
  private backend: Promise<unknown> | null = null;

  constructor(private readonly ws: Workspace) {}

  async episode(episodeId: string): Promise<FrameUncertainty> {
    const row = new LabelStore(this.ws).latestOf(episodeId);
    if (!row?.run_id)
      throw new StudioError('not_found', `episode ${episodeId} is not a rollout of a DAgger run`);
    const run = new RunStore(this.ws).get(row.run_id);
    const last = run.iterations.at(-1);
    if (!last) throw new StudioError('conflict', `DAgger run ${run.id} has no trained policy yet`);
    const ensemble = await this.ensembleOf(
      run.id,
      last.model,
      last.datasetVersion,
      last.iteration,
      run.config,
    );
    const obsDim = ensemble.members[0]!.net.shapes.obsDim;
    const obs = (await readSeriesBlob(this.ws, episodeId, 'observation.state')).subarray(
      0,
      row.frames * obsDim,
    );
    const d = disagreement(ensemble.members, obs);
    const n = novelty(obs, ensemble.known, ensemble.members[0]!.stats.obs);
    const p = priority(d, n);
    const top = Math.max(1, 2 * (p.length - 1));
    return {
      model: last.model,
      scores: Array.from(p, (v) => v / top),
      disagreement: Array.from(d),
      novelty: Array.from(n, (v) => (Number.isFinite(v) ? v : -1)),
    };
  }

  private ensembleOf(
    runId: string,
    model: string,
    version: number,
    iteration: number,
    config: EnsembleConfig,
  ): Promise<Ensemble> {
    const cached = this.ensemble;
    const next = cached
      ? cached.then((e) => (e.model === model ? e : this.build(runId, model, version, iteration, config, e)))
      : this.build(runId, model, version, iteration, config, null);
    this.ensemble = next;
    // A failed build (a first one or a rebuild for a newer model) is tried again by the next caller.
    next.catch(() => this.ensemble === next && (this.ensemble = null));
    return next;
  }

  private async build(
    runId: string,
    model: string,
    version: number,
    iteration: number,
    config: EnsembleConfig,
    previous: Ensemble | null,
  ): Promise<Ensemble> {
    this.backend ??= initTrainingBackend();
    await this.backend;
    const stored = new ModelStore(this.ws.db).get(model);
    const policy = loadPolicy(await getCheckpoint(this.ws, stored.checkpoint), config.seed);
    const { sets } = await loadLabelSets(this.ws, runId, version);
    const data = labelledData(sets, policy.net.shapes.obsDim, policy.net.shapes.actDim);
    const members = [policy];
    for (let m = 1; m < config.ensemble; m++) {
      const seed = mixSeed(config.seed, iteration + 1, m, 0xe45e);
      members.push((await retrain(data, { ...config, seed })).policy);
    }
    for (const old of previous?.members ?? []) old.dispose();
    return { model, members, known: data.obs };
  }
}
