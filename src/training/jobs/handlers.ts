import path from 'node:path';
import type { CallOutput, CallParsedInput, EpochMetric } from '../../common/api';
import type { trainingCalls } from '../../common/api/trainingCalls';
import { StudioError } from '../../common/api';
import type { JobRunner } from '../../jobs/runner';
import type { Workspace } from '../../workspace/workspace';
import { ModelStore } from './modelStore';

type TrainingCall = keyof typeof trainingCalls;
type TrainingHandlers = {
  [K in TrainingCall]: (input: CallParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

/** Handlers of the training calls, served with the rest of the contract. Training itself runs in job workers. */
export function createTrainingHandlers(ws: Workspace, runner: JobRunner): TrainingHandlers {
  const models = new ModelStore(ws.db);
  return {
    startTraining: (request) => {
      const title = `Train ${request.policy} on ${request.dataset} (${request.epochs} epochs)`;
      return { jobId: runner.enqueue('train', title, request).id };
    },
    trainingCurve: ({ jobId }) => {
      const { kind, checkpoint } = runner.store.params(jobId);
      if (kind !== 'train') throw new StudioError('bad_input', `job ${jobId} is not a training job`);
      return (checkpoint as { curve?: EpochMetric[] } | null)?.curve ?? [];
    },
    listModels: () => models.list(),
    getModel: ({ id }) => models.get(id),
    evaluateModel: (request) => {
      const model = models.get(request.model);
      const title = `Evaluate ${model.name} in ${request.env} (${request.episodes} rollouts)`;
      return { jobId: runner.enqueue('eval', title, request).id };
    },
    exportModel: ({ id, folder }) => {
      const model = models.get(id);
      if (!path.isAbsolute(folder)) throw new StudioError('bad_input', 'export to an absolute folder path');
      return { jobId: runner.enqueue('export', `Export ${model.name} to ${folder}`, { id, folder }).id };
    },
  };
}
