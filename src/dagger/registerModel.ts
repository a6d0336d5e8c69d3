/** Each iteration's retrained policy is a model of the registry: the policy version of the next rollouts. */
import type { DaggerRequest, EvalResult, Model } from '../common/api';
import type { TrainedPolicy, TrainingCheckpoint } from '../training';
import { wilsonInterval } from '../training/jobs/evaluate';
import { summarizeMeasures } from '../sim';
import { nowIso } from '../workspace/ids';
import { evaluateScores, type IterationSettings } from './iteration';
import { mean } from './score';
import { putCheckpoint } from '../training/jobs/checkpointBlobs';
import { ModelStore } from '../training/jobs/modelStore';
import type { Workspace } from '../workspace/workspace';

export const modelIdOf = (runId: string, iteration: number) =>
  `model_${runId.replace(/^dagger_/, '')}_i${iteration}`;

export async function registerIterationModel(
  ws: Workspace,
  o: {
    runId: string;
    jobId: string;
    iteration: number;
    request: DaggerRequest;
    dataset: string;
    episodeIds: string[];
    labels: number;
    checkpoint: TrainingCheckpoint;
    steps: number;
    seconds: number;
    backend: string;
    columns: { observation: readonly string[]; action: readonly string[] };
    evaluation: EvalResult;
  },
): Promise<Model> {
  const hashes = await putCheckpoint(ws, o.checkpoint);
  return new ModelStore(ws.db).put({
    id: modelIdOf(o.runId, o.iteration),
    name: `${o.request.policy} DAgger ${o.runId} iteration ${o.iteration}`,
    policy: o.request.policy,
    config: {
      policy: o.checkpoint.meta.config,
      run: o.checkpoint.meta.run,
      dagger: { run: o.runId, iteration: o.iteration, request: o.request },
      observation: o.columns.observation,
      action: o.columns.action,
    },
    dataset: { name: o.dataset, episodeIds: [...new Set(o.episodeIds)], frames: o.labels },
    metrics: {
      steps: o.steps,
      epochs: o.checkpoint.meta.run.epochs,
      trainLoss: null,
      valLoss: null,
      samplesPerSec: null,
      seconds: o.seconds,
      curve: [],
      evals: [o.evaluation],
    },
    backend: o.backend,
    checkpoint: hashes,
    jobId: o.jobId,
  });
}

/**
 * Evaluates an iteration's retrained policy over `request.evalEpisodes` seeded rollouts and registers
 * it as a model carrying that evaluation (the dagger and dagger-retrain jobs both end an iteration so).
 */
export async function evaluateAndRegister(
  ws: Workspace,
  o: Omit<Parameters<typeof registerIterationModel>[1], 'evaluation'> & {
    settings: Pick<IterationSettings, 'env' | 'urdf'>;
    policy: TrainedPolicy;
    evalSeed: number;
    signal?: AbortSignal;
  },
): Promise<{ model: Model; successRate: number; ci95: [number, number]; score: number }> {
  const { settings, policy, evalSeed, signal, ...registered } = o;
  const episodes = o.request.evalEpisodes;
  const { successes, scores, measures } = await evaluateScores(settings, policy, episodes, evalSeed, signal);
  const ok = successes.filter(Boolean).length;
  const ci95 = wilsonInterval(ok, episodes);
  const model = await registerIterationModel(ws, {
    ...registered,
    evaluation: {
      env: o.request.env,
      episodes,
      seed: evalSeed,
      successes: ok,
      successRate: ok / episodes,
      ci95,
      meanSteps: 0,
      scores: summarizeMeasures(o.request.env, measures),
      dataset: null,
      episodeIds: [],
      at: nowIso(),
    },
  });
  return { model, successRate: ok / episodes, ci95, score: mean(scores) };
}
