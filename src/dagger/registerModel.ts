/** Each iteration's retrained policy is a model of the registry: the policy version of the next rollouts. */
import type { DaggerRequest, EvalResult, Model } from '../common/api';
import type { TrainingCheckpoint } from '../training';
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
