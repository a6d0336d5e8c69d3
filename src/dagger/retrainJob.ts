/**
 * Job kind `dagger-retrain`: a run's labels, with the expert's edits made in the studio, aggregated
 * (every episode's newest label series), retrained under the run's budget and evaluated as the
 * dagger job does, and recorded as the run's next iteration (no new rollouts).
 */
import type { DaggerIteration } from '../common/api';
import type { JobImplementation } from '../jobs/context';
import { packageRoot } from '../paths';
import { createEnv, loadSo101Urdf } from '../sim';
import { initTrainingBackend } from '../training';
import { nowIso } from '../workspace/ids';
import { evalSeedOf } from './daggerJob';
import { labelledData } from './labelData';
import { loadLabelSets } from './labelSets';
import { evaluateAndRegister } from './registerModel';
import { retrain } from './retrain';
import { RunStore } from './runStore';

export const daggerRetrainJob: JobImplementation<'dagger-retrain'> = {
  async run(ctx, { runId }) {
    const started = performance.now();
    const backend = await initTrainingBackend();
    const runs = new RunStore(ctx.ws);
    const run = runs.get(runId);
    const p = run.config;
    const i = run.iterations.length;
    const urdf = p.env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
    const spec = createEnv(p.env, urdf === undefined ? {} : { urdf }).spec;
    ctx.progress(0, `aggregating the labels of ${runId} (dataset version ${i})`);
    const { sets, rows } = await loadLabelSets(ctx.ws, runId, i);
    const data = labelledData(sets, spec.observation.length, spec.action.length);
    const labels = data.actions.length / data.actDim;
    ctx.progress(0.1, `retraining on ${labels} labelled frames`);
    const train = { hidden: p.hidden, learningRate: p.learningRate, steps: p.steps, batchSize: p.batchSize };
    const trained = await retrain(data, { ...train, seed: p.seed, signal: ctx.signal });
    try {
      ctx.progress(0.7, `evaluating over ${p.evalEpisodes} rollouts`);
      const settings = { env: p.env, ...(urdf === undefined ? {} : { urdf }) };
      const { model, successRate, ci95, score } = await evaluateAndRegister(ctx.ws, {
        settings,
        policy: trained.policy,
        evalSeed: evalSeedOf(p.seed),
        signal: ctx.signal,
        runId,
        jobId: ctx.jobId,
        iteration: i,
        request: p,
        dataset: run.dataset,
        episodeIds: rows.map((r) => r.episode_id),
        labels,
        checkpoint: trained.checkpoint,
        steps: trained.steps,
        seconds: (performance.now() - started) / 1000,
        backend: backend.name,
        columns: { observation: spec.observation, action: spec.action },
      });
      const previous = run.iterations.at(-1)?.labels ?? 0;
      const iteration: DaggerIteration = {
        iteration: i,
        datasetVersion: i,
        beta: 0,
        model: model.id,
        labels,
        newLabels: Math.max(0, labels - previous),
        visitedFrames: 0,
        successRate,
        ci95,
        score,
        episodeIds: [],
        finishedAt: nowIso(),
      };
      runs.finish(runId, iteration);
      ctx.ws.audit.record({
        action: 'dagger.retrain',
        target: runId,
        episodeId: null,
        detail: { iteration: i, labels, model: model.id },
      });
      return {
        result: { run: runId, iteration },
        message: `iteration ${i}: ${labels} labels, success ${Math.round(iteration.successRate * 100)}%`,
      };
    } finally {
      trained.policy.dispose();
    }
  },
};
