import type { EpochMetric, Model, TrainRequest } from '../../common/api';
import type { JobContext, JobImplementation } from '../../jobs/context';
import { resolveActionSettings } from '../actionSettings';
import { initTrainingBackend } from '../backend';
import type { CheckpointStore } from '../checkpoint';
import type { PolicyConfig } from '../policies';
import { trainPolicy, type TrainingProgress } from '../train';
import { checkpointHashes, getCheckpoint, putCheckpoint, type CheckpointHashes } from './checkpointBlobs';
import { loadTrainingData, selectEpisodes } from './loadDataset';
import { ModelStore } from './modelStore';
import { removeUnreferenced } from '../../workspace/gc';

/** What a training job keeps in its job checkpoint: blob hashes and the curve, never the tensors. */
interface TrainJobState {
  checkpoint: CheckpointHashes | null;
  /** Step of that checkpoint: curve points after it are dropped on resume (those epochs run again). */
  step: number;
  curve: EpochMetric[];
  /** Training seconds spent by earlier attempts. */
  seconds: number;
  /** Checkpoints still on disk (the newest two), so a resumed attempt can remove the older one. */
  kept?: CheckpointHashes[];
}

export const DEFAULT_IMAGE_SIZE = 64;

/** The training request's policy kind and hyperparameters as a policy config. */
export function policyConfigOf(p: TrainRequest): PolicyConfig {
  const h = p.hyperparameters;
  const lr = h.learningRate === undefined ? {} : { learningRate: h.learningRate };
  const hidden = h.hidden === undefined ? {} : { hidden: h.hidden };
  switch (p.policy) {
    case 'bc-mlp':
      return { kind: 'bc-mlp', ...lr, ...hidden, ...(h.chunk === undefined ? {} : { chunk: h.chunk }) };
    case 'bc-cnn':
      return { kind: 'bc-cnn', ...lr, ...hidden };
    case 'bc-gmm':
      return { kind: 'bc-gmm', ...lr, ...hidden, ...(h.modes === undefined ? {} : { modes: h.modes }) };
    case 'knn':
      return { kind: 'knn', ...(h.temperature === undefined ? {} : { temperature: h.temperature }) };
    case 'bc-rnn':
      return {
        kind: 'bc-rnn',
        ...lr,
        ...(h.window === undefined ? {} : { window: h.window }),
        ...(h.units === undefined ? {} : { units: h.units }),
      };
  }
}

/** A model id tied to its job, so a job resumed after registering writes the same row. */
export const modelIdOfJob = (jobId: string) => `model_${jobId.replace(/^job_/, '')}`;

export function formatProgress(p: TrainingProgress): string {
  if (p.totalSteps === 0)
    return `rows kept, no optimizer steps${p.valLoss === null ? '' : `: val ${p.valLoss.toFixed(4)}`}`;
  const loss = Number.isFinite(p.trainLoss) ? p.trainLoss.toFixed(4) : '–';
  const val = p.valLoss === null ? '' : `, val ${p.valLoss.toFixed(4)}`;
  const rate = p.samplesPerSec > 0 ? `, ${Math.round(p.samplesPerSec)} samples/s` : '';
  const eta = Number.isFinite(p.etaSec) ? `, ETA ${Math.ceil(p.etaSec)} s` : '';
  return `epoch ${p.epoch}/${p.epochs}, step ${p.step}/${p.totalSteps}: loss ${loss}${val}${rate}${eta}`;
}

async function runTraining(ctx: JobContext, p: TrainRequest, jobId: string) {
  const started = performance.now();
  const saved = ctx.checkpoint as TrainJobState | null;
  let state: TrainJobState = saved ?? { checkpoint: null, step: 0, curve: [], seconds: 0 };
  state = { ...state, curve: state.curve.filter((c) => c.step <= state.step) };

  const backend = await initTrainingBackend();
  ctx.log(`backend ${backend.name}${backend.notes.length ? ` (${backend.notes.join('; ')})` : ''}`);
  ctx.progress(null, 'Loading episodes');
  const ids = selectEpisodes(ctx.ws, p);
  const imageSize = p.hyperparameters.imageSize ?? DEFAULT_IMAGE_SIZE;
  const loaded = await loadTrainingData(ctx.ws, ids, {
    ...(p.policy === 'bc-cnn' ? { images: { tools: ctx.tools, size: imageSize } } : {}),
    signal: ctx.signal,
    ...(p.segmentLabel === undefined ? {} : { segmentLabel: p.segmentLabel }),
    onEpisode: (done, total) => ctx.progress(null, `Loading episodes: ${done} of ${total}`),
  });
  const frames = loaded.data.actions.length / loaded.data.actDim;
  ctx.log(`${loaded.episodeIds.length} episodes, ${frames} frames`);

  const elapsed = () => state.seconds + (performance.now() - started) / 1000;
  // Checkpoints this attempt knows of, oldest first. Resume needs only the newest; the one before
  // stays until the host has surely recorded the newest, and the rest are removed as training goes.
  const known: CheckpointHashes[] = state.kept ?? (state.checkpoint ? [state.checkpoint] : []);
  const store: CheckpointStore = {
    load: async () => {
      if (state.checkpoint === null) return null;
      try {
        return await getCheckpoint(ctx.ws, state.checkpoint);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        // Its blobs are gone (removed as another identical run's old checkpoint): start over.
        ctx.log(`checkpoint at step ${state.step} is missing; training again from the start`, 'warn');
        state = { ...state, checkpoint: null, step: 0, curve: [] };
        lastEpoch = 0;
        lastStep = 0;
        return null;
      }
    },
    save: async (checkpoint) => {
      // The job's row names the new blobs before they are written, so an attempt that dies while
      // writing them leaves nothing the next attempt does not know of and remove.
      known.push(checkpointHashes(checkpoint));
      ctx.saveCheckpoint({ ...state, kept: [...known], seconds: elapsed() });
      const hashes = await putCheckpoint(ctx.ws, checkpoint);
      if (known.length > 2) dropCheckpoints(ctx, known.splice(0, known.length - 2), known);
      state = { ...state, checkpoint: hashes, step: checkpoint.meta.step, kept: [...known] };
      ctx.saveCheckpoint({ ...state, seconds: elapsed() });
    },
  };
  let lastEpoch = state.curve.at(-1)?.epoch ?? 0;
  let lastStep = state.step;
  // Reports carry the mean loss since the previous report: weight them by steps for the epoch mean.
  let epochLoss = { sum: 0, steps: 0 };
  const { relativeTo, frame } = actionSettings(ctx, p, loaded);
  const result = await trainPolicy({
    policy: policyConfigOf(p),
    data: loaded.data,
    ...(relativeTo ? { relativeTo } : {}),
    ...(frame ? { frame } : {}),
    ...(p.hyperparameters.lrSchedule ? { schedule: p.hyperparameters.lrSchedule } : {}),
    epochs: p.epochs,
    batchSize: p.batchSize,
    seed: p.seed,
    valFraction: p.valFraction,
    signal: ctx.signal,
    checkpoint: store,
    checkpointEvery: p.checkpointEvery,
    onProgress: (progress) => {
      const steps = progress.step - lastStep;
      lastStep = progress.step;
      if (Number.isFinite(progress.trainLoss) && steps > 0) {
        epochLoss = { sum: epochLoss.sum + progress.trainLoss * steps, steps: epochLoss.steps + steps };
      }
      const stepsPerEpoch = progress.totalSteps / progress.epochs;
      if (progress.step % stepsPerEpoch === 0 && progress.epoch > lastEpoch) {
        lastEpoch = progress.epoch;
        state.curve.push({
          epoch: progress.epoch,
          step: progress.step,
          trainLoss: epochLoss.steps > 0 ? epochLoss.sum / epochLoss.steps : null,
          valLoss: progress.valLoss,
          samplesPerSec: progress.samplesPerSec > 0 ? progress.samplesPerSec : null,
        });
        // The curve travels in the job checkpoint so the screen can draw it while the job runs.
        ctx.saveCheckpoint({ ...state, seconds: elapsed() });
        epochLoss = { sum: 0, steps: 0 };
      }
      ctx.progress(
        progress.totalSteps > 0 ? progress.step / progress.totalSteps : 1,
        formatProgress(progress),
      );
    },
  });
  const hashes = await putCheckpoint(ctx.ws, result.checkpoint);
  const last = state.curve.at(-1);
  const model: Omit<Model, 'createdAt'> = {
    id: modelIdOfJob(jobId),
    name: p.name ?? `${p.policy} on ${p.dataset}`,
    policy: p.policy,
    config: {
      policy: result.checkpoint.meta.config,
      run: result.checkpoint.meta.run,
      request: p,
      observation: loaded.observationColumns,
      action: loaded.actionColumns,
      ...(p.policy === 'bc-cnn' ? { imageSize } : {}),
    },
    dataset: { name: p.dataset, episodeIds: loaded.episodeIds, frames, stretches: loaded.stretches },
    metrics: {
      steps: result.steps,
      // Nearest neighbours keep the rows: no epochs ran, whatever the request said.
      epochs: result.checkpoint.meta.totalSteps === 0 ? 0 : p.epochs,
      trainLoss: last?.trainLoss ?? null,
      valLoss: result.valLoss,
      samplesPerSec: last?.samplesPerSec ?? null,
      seconds: elapsed(),
      curve: state.curve,
      evals: [],
    },
    backend: backend.name,
    checkpoint: hashes,
    jobId,
  };
  result.policy.dispose();
  const registered = new ModelStore(ctx.ws.db).put(model);
  // The model keeps its final checkpoint; the intermediate ones were only for resuming.
  dropCheckpoints(ctx, known, [hashes]);
  return { model: registered, resumedFrom: result.resumedFrom };
}

/** Relative actions and the object frame the request asks for, by the dataset's column names. */
function actionSettings(
  ctx: JobContext,
  p: TrainRequest,
  loaded: { actionColumns: string[]; observationColumns: string[] },
) {
  const h = p.hyperparameters;
  const settings = resolveActionSettings(h, loaded.actionColumns, loaded.observationColumns);
  const { relativeTo, frame } = settings;
  if (relativeTo)
    ctx.log(
      h.relativeActions
        ? `actions learned relative to ${relativeTo.filter((i) => i >= 0).length} observation values of the same name`
        : `action points learned relative to ${h.actionsRelativeTo}`,
    );
  if (frame) ctx.log(`observations and actions seen from ${h.objectFrame}`);
  return settings;
}

/** Removes checkpoints' blobs, except those shared with `keep` or referenced by a row (a model). */
function dropCheckpoints(ctx: JobContext, drop: CheckpointHashes[], keep: CheckpointHashes[]): void {
  const kept = new Set(keep.flatMap((c) => [c.meta, c.weights, c.optimizer]));
  removeUnreferenced(
    ctx.ws,
    drop.flatMap((c) => [c.meta, c.weights, c.optimizer]).filter((h) => !kept.has(h)),
    ctx.jobId,
  );
}

/** Job kind `train`: loads the selected episodes, trains in this worker, registers a model. */
export const trainJob: JobImplementation<'train'> = {
  async run(ctx, params) {
    const { model, resumedFrom } = await runTraining(ctx, params, ctx.jobId);
    const m = model.metrics;
    return {
      result: {
        model: model.id,
        backend: model.backend,
        epochs: m.epochs,
        steps: m.steps,
        resumedFrom,
        trainLoss: m.trainLoss,
        valLoss: m.valLoss,
      },
      message: `${model.name}: ${
        m.epochs === 0
          ? 'training rows kept, no optimizer steps'
          : `${m.steps} steps, loss ${m.trainLoss?.toFixed(4) ?? '–'}`
      }${m.valLoss === null ? '' : `, val ${m.valLoss.toFixed(4)}`}`,
    };
  },
};
