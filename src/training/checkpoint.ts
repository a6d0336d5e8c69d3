import * as tf from '@tensorflow/tfjs';
import type { LrSchedule } from '../common/api';
import type { NormalizationStats } from './normalization';
import type { PolicyShapes, ResolvedPolicyConfig } from './policies';
import type { RngState } from './rng';

export const CHECKPOINT_FORMAT = 'mimic-training-checkpoint';

/** Everything in a checkpoint but the tensors: plain JSON. */
export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  config: ResolvedPolicyConfig;
  shapes: PolicyShapes;
  stats: NormalizationStats;
  /** The run this checkpoint belongs to: a resume must match all of it. */
  run: {
    seed: number;
    epochs: number;
    batchSize: number;
    valFraction: number;
    frames: number;
    episodes: number;
    /** The learning-rate schedule when not constant (absent in checkpoints from before schedules). */
    schedule?: Exclude<LrSchedule, 'constant'>;
  };
  /** Optimizer steps taken. */
  step: number;
  totalSteps: number;
  /** Generator state at the start of the epoch that contains step `step` (the next step to run). */
  rng: RngState;
  /** The last validation loss reported, so resumed progress reports stay continuous. */
  valLoss: number | null;
  weightSpecs: tf.io.WeightsManifestEntry[];
  optimizerSpecs: tf.io.WeightsManifestEntry[];
}

/**
 * A resumable training state: JSON metadata plus two binary buffers, ready for a blob store.
 * Weights and Adam moments are stored by position, because variable names differ between processes.
 */
export interface TrainingCheckpoint {
  meta: CheckpointMeta;
  weights: ArrayBuffer;
  optimizer: ArrayBuffer;
}

/** Where a run keeps its latest checkpoint (a blob store, a file, memory in tests). */
export interface CheckpointStore {
  save(checkpoint: TrainingCheckpoint): Promise<void>;
  load(): Promise<TrainingCheckpoint | null>;
}

export async function encodeTensors(tensors: tf.Tensor[], prefix: string) {
  const named = tensors.map((tensor, i) => ({ name: `${prefix}${i}`, tensor }));
  return tf.io.encodeWeights(named);
}

/** Tensors in stored order. */
export function decodeTensors(data: ArrayBuffer, specs: tf.io.WeightsManifestEntry[]): tf.Tensor[] {
  const map = tf.io.decodeWeights(data, specs);
  return specs.map((spec) => {
    const t = map[spec.name];
    if (t === undefined) throw new Error(`checkpoint is missing tensor ${spec.name}`);
    return t;
  });
}

export async function encodeOptimizer(optimizer: tf.Optimizer) {
  const weights = await optimizer.getWeights();
  return encodeTensors(
    weights.map((w) => w.tensor),
    'opt',
  );
}

/** Restores Adam's iteration count and moments (the first stored tensor is the iteration count). */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  data: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
) {
  const tensors = decodeTensors(data, specs);
  await optimizer.setWeights(tensors.map((tensor, i) => ({ name: i === 0 ? 'iter' : `opt${i}`, tensor })));
  // setWeights copies into new variables (except the iteration count, which it reads).
  tf.dispose(tensors);
  if (optimizer instanceof tf.AdamOptimizer) restoreAdamPowers(optimizer);
}

/**
 * Adam keeps beta^t as a float32 product updated once per step; setWeights recomputes it with pow,
 * which can differ in the last bit, and training amplifies that. Rebuild the product step by step.
 */
function restoreAdamPowers(optimizer: tf.AdamOptimizer): void {
  const adam = optimizer as unknown as {
    iterations_: number;
    beta1: number;
    beta2: number;
    accBeta1: tf.Variable;
    accBeta2: tf.Variable;
  };
  const power = (beta: number) => {
    const b = Math.fround(beta);
    let acc = b;
    for (let i = 0; i < adam.iterations_; i++) acc = Math.fround(acc * b);
    return acc;
  };
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(power(adam.beta1)));
    adam.accBeta2.assign(tf.scalar(power(adam.beta2)));
  });
}

export function assertCheckpoint(
  meta: CheckpointMeta,
  expected: Omit<CheckpointMeta, 'step' | 'rng' | 'valLoss' | 'weightSpecs' | 'optimizerSpecs'>,
) {
  if (meta.format !== CHECKPOINT_FORMAT || meta.version !== 1) {
    throw new Error(`checkpoint: unsupported format ${String(meta.format)} v${String(meta.version)}`);
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const key of ['config', 'shapes', 'run', 'totalSteps'] as const) {
    if (!same(meta[key], expected[key])) {
      throw new Error(
        `checkpoint: ${key} differs from this run (${JSON.stringify(meta[key])} vs ${JSON.stringify(expected[key])})`,
      );
    }
  }
}
