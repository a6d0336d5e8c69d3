import path from 'node:path';
import {
  keepsRows,
  SIM_ENVS,
  StudioError,
  type EpochMetric,
  type HandlersFor,
  type Model,
  type trainingCalls,
} from '../../common/api';
import { Catalog } from '../../workspace/catalog';
import type { FeatureDeps } from '../../feature/deps';
import { ModelStore } from './modelStore';

/** Handlers of the training calls, served with the rest of the contract. Training itself runs in job workers. */
export function createTrainingHandlers({ ws, runner }: FeatureDeps): HandlersFor<typeof trainingCalls> {
  const models = new ModelStore(ws.db);
  return {
    startTraining: (request) => {
      const length = keepsRows(request.policy) ? 'rows kept' : `${request.epochs} epochs`;
      const title = `Train ${request.policy} on ${request.dataset} (${length})`;
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
      const env = request.env ?? simulatorOf(new Catalog(ws.db), model);
      const title = `Evaluate ${model.name} in ${env} (${request.episodes} rollouts)`;
      return { jobId: runner.enqueue('eval', title, { ...request, env }).id };
    },
    exportModel: ({ id, folder }) => {
      const model = models.get(id);
      if (!path.isAbsolute(folder)) throw new StudioError('bad_input', 'export to an absolute folder path');
      return { jobId: runner.enqueue('export', `Export ${model.name} to ${folder}`, { id, folder }).id };
    },
  };
}

/** The built-in simulator a model's training episodes came from, by their `sim:<env>` tags. */
function simulatorOf(catalog: Catalog, model: Model): (typeof SIM_ENVS)[number] {
  const envs = catalog
    .tagsWithPrefix(model.dataset.episodeIds, 'sim:')
    .map((tag) => tag.slice('sim:'.length))
    .filter((env) => (SIM_ENVS as readonly string[]).includes(env)) as (typeof SIM_ENVS)[number][];
  if (envs.length === 1) return envs[0]!;
  throw new StudioError(
    'bad_input',
    envs.length === 0
      ? `${model.name} was not trained on a built-in simulator's demonstrations: choose the simulator to evaluate it in`
      : `${model.name} was trained on demonstrations of ${envs.join(' and ')}: choose the simulator to evaluate it in`,
  );
}
