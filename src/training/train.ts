import * as tf from '@tensorflow/tfjs';
import type { LrSchedule } from '../common/api';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  assertCheckpoint,
  CHECKPOINT_FORMAT,
  decodeTensors,
  encodeOptimizer,
  encodeTensors,
  restoreOptimizer,
  type CheckpointMeta,
  type CheckpointStore,
  type TrainingCheckpoint,
} from './checkpoint';
import {
  episodeRanges,
  episodeStartOfFrame,
  frameCount,
  framesOf,
  splitEpisodes,
  validateData,
  type TrainingData,
} from './data';
import { computeStats, normalize, type NormalizationStats } from './normalization';
import { chunkOf, learnedActions } from './chunks';
import { validateRelativeTo } from './relative';
import { actionsInFrame, obsInFrame, validateFrame, type ObjectFrame } from './frame';
import {
  createPolicyNet,
  resolvePolicyConfig,
  type PolicyConfig,
  type PolicyNet,
  type PreparedData,
} from './policies';
import { TrainedPolicy } from './policy';
import { Rng } from './rng';

export interface TrainingProgress {
  /** The epoch the latest step belongs to, from 1 to `epochs`. */
  epoch: number;
  epochs: number;
  /** Optimizer steps done so far (counting those before a resume). */
  step: number;
  totalSteps: number;
  /** Mean training loss over the steps since the previous report. */
  trainLoss: number;
  /** Loss on the validation episodes at the end of the latest epoch; null before the first or without any. */
  valLoss: number | null;
  samplesPerSec: number;
  etaSec: number;
}

export interface TrainOptions {
  policy: PolicyConfig;
  data: TrainingData;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Share of episodes (not frames) held out for validation. */
  valFraction: number;
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
  /** When given, training resumes from its latest checkpoint and saves a new one every `checkpointEvery` steps. */
  checkpoint?: CheckpointStore;
  checkpointEvery?: number;
  /** Steps between progress reports (default 10); every epoch end reports too. */
  progressEvery?: number;
  /**
   * Learn these action dimensions as offsets from observation values (`relative.ts`): per action
   * dimension, an observation index or -1. Absent or empty: absolute actions.
   */
  relativeTo?: number[];
  /**
   * The learning rate over the run: `constant` (the default), or `cosine`, decayed from the
   * policy's rate to zero over the run's steps (as Diffusion Policy trains), so the final weights
   * settle instead of stopping wherever the last batches left them.
   */
  schedule?: LrSchedule;
  /** See observations and actions from an object (`frame.ts`); absent: the world's frame. */
  frame?: ObjectFrame;
}

/** The learning rate at `step` of `total` under `schedule`. */
export function scheduledRate(base: number, schedule: LrSchedule, step: number, total: number): number {
  if (schedule === 'constant') return base;
  return 0.5 * base * (1 + Math.cos((Math.PI * Math.min(step, total)) / Math.max(1, total)));
}

export interface TrainingResult {
  policy: TrainedPolicy;
  /** The final state: load it with `loadPolicy`, or keep it to fine-tune later. */
  checkpoint: TrainingCheckpoint;
  steps: number;
  /** The step a checkpoint resumed from, or null for a fresh run. */
  resumedFrom: number | null;
  valLoss: number | null;
  episodes: { train: number[]; val: number[] };
}

/** Thrown when the signal aborts a run; a checkpoint was saved first when a store was given. */
export class TrainingAbortedError extends Error {
  override readonly name = 'AbortError';
  constructor(readonly step: number) {
    super(`training aborted at step ${step}`);
  }
}

/** Mean loss over `rows`, in batches, without gradients. */
function evaluate(net: PolicyNet, data: PreparedData, rows: number[], batchSize: number): number | null {
  if (rows.length === 0) return null;
  let total = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const loss = tf.tidy(() => {
      const inputs = net.inputs(batch, data);
      const output = net.model.apply(inputs.length === 1 ? inputs[0]! : inputs, {
        training: false,
      }) as tf.Tensor;
      return net.loss(output, net.targets(batch, data));
    });
    total += (loss.dataSync()[0] as number) * batch.length;
    loss.dispose();
  }
  return total / rows.length;
}

/**
 * Trains a behaviour-cloning policy. Pure apart from the backend it runs on (call
 * `initTrainingBackend` first): equal inputs and seed give equal results, and a run resumed from
 * a checkpoint takes the same steps, on the same batches, as an uninterrupted one.
 */
export async function trainPolicy(options: TrainOptions): Promise<TrainingResult> {
  const { data, epochs, batchSize, seed, valFraction, signal } = options;
  validateData(data);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const progressEvery = Math.max(1, options.progressEvery ?? 10);
  const checkpointEvery = Math.max(1, options.checkpointEvery ?? 200);

  const ranges = episodeRanges(data);
  const frames = frameCount(data);
  const episodes = splitEpisodes(ranges.length, valFraction, seed);
  const trainRows = framesOf(ranges, episodes.train);
  const valRows = framesOf(ranges, episodes.val);
  const config = resolvePolicyConfig(options.policy);
  // Nearest neighbours learn by keeping the training rows: no optimizer steps.
  const keeps = config.kind === 'knn';
  const chunk = chunkOf(config);
  if (!Number.isInteger(chunk) || chunk < 1)
    throw new Error(`chunk must be a positive integer, got ${chunk}`);
  const relativeTo = options.relativeTo?.length ? options.relativeTo : undefined;
  if (relativeTo) validateRelativeTo(relativeTo, data.obsDim, data.actDim);
  const frame = options.frame;
  if (frame) validateFrame(frame, data.obsDim, data.actDim);
  const learned = learnedActions(data, relativeTo, chunk);
  const actions = frame
    ? actionsInFrame(learned, data.obs, frame, relativeTo, data.actDim, data.obsDim)
    : learned;
  const obs = frame ? obsInFrame(data.obs, frame, data.obsDim) : data.obs;
  const stats: NormalizationStats = {
    obs: computeStats(obs, data.obsDim, trainRows),
    action: computeStats(actions, data.actDim * chunk, trainRows),
    ...(relativeTo ? { relativeTo } : {}),
    ...(frame ? { frame } : {}),
  };
  const prepared: PreparedData = {
    obs: normalize(obs, stats.obs),
    actions: normalize(actions, stats.action),
    obsDim: data.obsDim,
    actDim: data.actDim * chunk,
    episodeStart: episodeStartOfFrame(ranges, frames),
    ...(data.images === undefined ? {} : { images: data.images }),
  };
  const { images } = data;
  const shapes = {
    obsDim: data.obsDim,
    actDim: data.actDim,
    ...(images === undefined
      ? {}
      : { image: { height: images.height, width: images.width, channels: images.channels } }),
    ...(keeps ? { memory: trainRows.length } : {}),
  };
  const stepsPerEpoch = Math.max(1, Math.floor(trainRows.length / batchSize));
  const totalSteps = keeps ? 0 : epochs * stepsPerEpoch;
  const learningRate = keeps ? 0 : config.learningRate;
  const schedule = options.schedule ?? 'constant';
  // A constant rate is left out, so checkpoints from before schedules existed still resume.
  const run = {
    seed,
    epochs,
    batchSize,
    valFraction,
    frames,
    episodes: ranges.length,
    ...(schedule === 'constant' ? {} : { schedule }),
  };

  const net = createPolicyNet(config, shapes, seed);
  net.remember?.(trainRows, prepared);
  const optimizer = tf.train.adam(learningRate);
  const variables = net.model.trainableWeights.map((w) => w.read() as tf.Variable);
  let step = 0;
  let rng = new Rng(seed);
  let valLoss: number | null = null;
  let resumedFrom: number | null = null;
  // What a checkpoint must match to resume this run, and what every checkpoint of it records.
  const identity = { format: CHECKPOINT_FORMAT, version: 1, config, shapes, stats, run, totalSteps } as const;
  try {
    const saved = options.checkpoint === undefined ? null : await options.checkpoint.load();
    if (saved !== null) {
      assertCheckpoint(saved.meta, identity);
      const weights = decodeTensors(saved.weights, saved.meta.weightSpecs);
      net.model.setWeights(weights);
      tf.dispose(weights);
      if (saved.meta.optimizerSpecs.length > 0)
        await restoreOptimizer(optimizer, saved.optimizer, saved.meta.optimizerSpecs);
      step = saved.meta.step;
      rng = new Rng(saved.meta.rng);
      valLoss = saved.meta.valLoss;
      resumedFrom = step;
    }

    const snapshot = async (rngState: Rng): Promise<TrainingCheckpoint> => {
      const weights = await encodeTensors(net.model.getWeights(), 'w');
      const opt = step > 0 ? await encodeOptimizer(optimizer) : { data: new ArrayBuffer(0), specs: [] };
      const meta: CheckpointMeta = {
        ...identity,
        step,
        rng: rngState.state(),
        valLoss,
        weightSpecs: weights.specs,
        optimizerSpecs: opt.specs,
      };
      return { meta, weights: weights.data, optimizer: opt.data };
    };

    let lossSum = 0;
    let lossSteps = 0;
    let clock = performance.now();
    let samples = 0;
    let lastRate = 0;
    const report = () => {
      const now = performance.now();
      if (samples > 0) lastRate = samples / Math.max(1e-3, (now - clock) / 1000);
      const remaining = (totalSteps - step) * Math.min(batchSize, trainRows.length);
      options.onProgress?.({
        epoch: Math.floor(Math.max(0, step - 1) / stepsPerEpoch) + 1,
        epochs,
        step,
        totalSteps,
        trainLoss: lossSteps > 0 ? lossSum / lossSteps : NaN,
        valLoss,
        samplesPerSec: lastRate,
        etaSec: lastRate > 0 ? remaining / lastRate : NaN,
      });
      lossSum = 0;
      lossSteps = 0;
      samples = 0;
      clock = now;
    };

    while (step < totalSteps) {
      const atEpochStart = new Rng(rng.state());
      const order = rng.shuffle(trainRows.slice());
      for (let s = step % stepsPerEpoch; s < stepsPerEpoch; s++) {
        if (signal?.aborted === true) {
          if (options.checkpoint !== undefined) await options.checkpoint.save(await snapshot(atEpochStart));
          throw new TrainingAbortedError(step);
        }
        const rows = order.length <= batchSize ? order : order.slice(s * batchSize, (s + 1) * batchSize);
        // tfjs's Adam reads its rate at every step.
        (optimizer as unknown as { learningRate: number }).learningRate = scheduledRate(
          learningRate,
          schedule,
          step,
          totalSteps,
        );
        const cost = optimizer.minimize(
          () => {
            const inputs = net.inputs(rows, prepared);
            const output = net.model.apply(inputs.length === 1 ? inputs[0]! : inputs, {
              training: true,
            }) as tf.Tensor;
            return net.loss(output, net.targets(rows, prepared));
          },
          true,
          variables,
        );
        lossSum += cost?.dataSync()[0] ?? NaN;
        cost?.dispose();
        lossSteps++;
        samples += rows.length;
        step++;
        const epochDone = s + 1 === stepsPerEpoch;
        if (epochDone) valLoss = evaluate(net, prepared, valRows, batchSize);
        if (epochDone || step % progressEvery === 0) report();
        if (options.checkpoint !== undefined && step % checkpointEvery === 0 && step < totalSteps) {
          // The next step belongs to the next epoch when this one is done: its start state is the current one.
          await options.checkpoint.save(await snapshot(epochDone ? rng : atEpochStart));
        }
        // Let abort signals and other events through between steps.
        await yieldToEventLoop();
      }
    }

    if (totalSteps === 0 && resumedFrom === null) {
      valLoss = evaluate(net, prepared, valRows, batchSize);
      report();
    }
    const final = await snapshot(rng);
    if (options.checkpoint !== undefined && resumedFrom !== totalSteps) await options.checkpoint.save(final);
    return {
      policy: new TrainedPolicy(net, stats, seed),
      checkpoint: final,
      steps: step,
      resumedFrom,
      valLoss,
      episodes,
    };
  } catch (error) {
    net.model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}
