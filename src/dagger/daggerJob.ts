/**
 * Job kind `dagger`: iteration 0 records the oracle's demonstrations; each later iteration rolls
 * the current policy out under the beta mixture, has the labeler label the visited states (all, or
 * the most uncertain within a budget), aggregates them with every earlier label, retrains and
 * evaluates. The job checkpoints after each iteration and resumes after the last finished one.
 */
import type { DaggerIteration, DaggerRequest } from '../common/api';
import type { JobContext, JobImplementation } from '../jobs/context';
import { packageRoot } from '../paths';
import { createEnv, loadSo101Urdf } from '../sim';
import { initTrainingBackend, loadPolicy, type TrainedPolicy } from '../training';
import { getCheckpoint } from '../training/jobs/checkpointBlobs';
import { ModelStore } from '../training/jobs/modelStore';
import { nowIso } from '../workspace/ids';
import { chooseFrames, collect, type IterationSettings } from './iteration';
import { labelledData } from './labelData';
import { loadLabelSets } from './labelSets';
import { LabelStore } from './labelStore';
import { evaluateAndRegister } from './registerModel';
import { retrain } from './retrain';
import { RunStore, runIdOfJob } from './runStore';
import { betaOf } from './schedule';
import { storeRollouts } from './storeRollouts';

/** Evaluation rollouts use their own seed stream, apart from the run's rollouts. */
export const evalSeedOf = (seed: number) => seed + 1_000_003;

interface DaggerState {
  /** Iterations finished (0 to iterations + 1). */
  done: number;
}

async function loadModelPolicy(ctx: JobContext, modelId: string, seed: number): Promise<TrainedPolicy> {
  const model = new ModelStore(ctx.ws.db).get(modelId);
  return loadPolicy(await getCheckpoint(ctx.ws, model.checkpoint), seed);
}

async function runIteration(
  ctx: JobContext,
  p: DaggerRequest,
  run: { id: string; dataset: string },
  i: number,
  policy: TrainedPolicy | null,
  previousModel: string | null,
  backend: string,
): Promise<{ iteration: DaggerIteration; policy: TrainedPolicy }> {
  const started = performance.now();
  const urdf = p.env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
  const spec = createEnv(p.env, urdf === undefined ? {} : { urdf }).spec;
  const settings: IterationSettings = {
    env: p.env,
    rollouts: i === 0 ? (p.initDemos ?? p.rollouts) : p.rollouts,
    seed: p.seed,
    select: p.select,
    budget: p.budget ?? null,
    ensemble: p.ensemble,
    ...(urdf === undefined ? {} : { urdf }),
  };
  const train = { hidden: p.hidden, learningRate: p.learningRate, steps: p.steps, batchSize: p.batchSize };
  const beta = betaOf(p.betaDecay, i);
  const total = p.iterations + 1;
  const say = (phase: number, what: string) =>
    ctx.progress((i + phase) / total, `iteration ${i} of ${p.iterations}: ${what}`);

  say(0, `${settings.rollouts} rollouts (beta ${beta.toFixed(3)})`);
  const rollouts = collect(settings, i, policy, beta, ctx.signal);
  const earlier = i === 0 ? [] : (await loadLabelSets(ctx.ws, run.id, i - 1)).sets;
  say(0.2, 'choosing frames to label');
  const masks = await chooseFrames(settings, i, rollouts, earlier, policy, train);
  const stored = await storeRollouts(ctx.ws, {
    runId: run.id,
    request: p,
    dataset: run.dataset,
    spec,
    iteration: i,
    beta,
    policyVersion: previousModel,
    rollouts,
    masks,
    signal: ctx.signal,
  });
  ctx.ws.audit.record({
    action: 'dagger.label',
    target: run.id,
    episodeId: null,
    detail: { iteration: i, labeler: p.labeler, labels: stored.newLabels, episodes: stored.episodeIds },
  });

  say(0.4, 'retraining on the aggregated labels');
  const { sets, rows } = await loadLabelSets(ctx.ws, run.id, i);
  const data = labelledData(sets, spec.observation.length, spec.action.length);
  const labels = data.actions.length / data.actDim;
  const trained = await retrain(data, { ...train, seed: p.seed, signal: ctx.signal });

  say(0.8, `evaluating over ${p.evalEpisodes} rollouts`);
  const { model, successRate, ci95, score } = await evaluateAndRegister(ctx.ws, {
    settings,
    policy: trained.policy,
    evalSeed: evalSeedOf(p.seed),
    signal: ctx.signal,
    runId: run.id,
    jobId: ctx.jobId,
    iteration: i,
    request: p,
    dataset: run.dataset,
    episodeIds: rows.map((r) => r.episode_id),
    labels,
    checkpoint: trained.checkpoint,
    steps: trained.steps,
    seconds: (performance.now() - started) / 1000,
    backend,
    columns: { observation: spec.observation, action: spec.action },
  });
  const iteration: DaggerIteration = {
    iteration: i,
    datasetVersion: i,
    beta,
    model: model.id,
    labels,
    newLabels: stored.newLabels,
    visitedFrames: rollouts.reduce((n, r) => n + r.steps, 0),
    successRate,
    ci95,
    score,
    episodeIds: stored.episodeIds,
    finishedAt: nowIso(),
  };
  return { iteration, policy: trained.policy };
}

export const daggerJob: JobImplementation<'dagger'> = {
  async run(ctx, p) {
    const backend = await initTrainingBackend();
    const runId = runIdOfJob(ctx.jobId);
    const runs = new RunStore(ctx.ws);
    const run = runs.ensure(
      runId,
      ctx.jobId,
      p,
      p.dataset ?? `dagger-${p.env}-${runId.replace(/^dagger_/, '')}`,
    );
    const state: DaggerState = (ctx.checkpoint as DaggerState | null) ?? { done: 0 };
    // Labels an interrupted iteration wrote are written again when it runs again.
    const dropped = new LabelStore(ctx.ws).dropAbove(runId, state.done - 1);
    if (dropped > 0)
      ctx.log(`iteration ${state.done} was interrupted: its ${dropped} label series are redone`);
    const finished = runs.get(runId).iterations.filter((it) => it.iteration < state.done);
    let model = finished.at(-1)?.model ?? null;
    let policy = model === null ? null : await loadModelPolicy(ctx, model, p.seed);
    try {
      for (let i = state.done; i <= p.iterations; i++) {
        const out = await runIteration(ctx, p, run, i, policy, model, backend.name);
        policy?.dispose();
        policy = out.policy;
        model = out.iteration.model;
        runs.finish(runId, out.iteration);
        finished.push(out.iteration);
        ctx.saveCheckpoint({ done: i + 1 } satisfies DaggerState);
        ctx.log(
          `iteration ${i}: ${out.iteration.labels} labels, success ${Math.round(out.iteration.successRate * 100)}%, ` +
            `score ${out.iteration.score.toFixed(3)}`,
        );
      }
    } finally {
      policy?.dispose();
    }
    const last = finished.at(-1)!;
    return {
      result: { run: runId, dataset: run.dataset, iterations: finished },
      message: `${finished.length} iterations, ${last.labels} labels: success ${Math.round(last.successRate * 100)}%`,
    };
  },
};
