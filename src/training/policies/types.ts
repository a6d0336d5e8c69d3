import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';

/**
 * Policy configurations, robomimic-like but sized for a 2-core laptop CPU (see the defaults in
 * each policy file). Every field but `kind` is optional; `resolvePolicyConfig` fills the defaults.
 */
export type PolicyConfig = MlpConfig | CnnConfig | RnnConfig | GmmConfig | KnnConfig;

interface Common {
  /** Adam learning rate. */
  learningRate?: number;
}

export interface MlpConfig extends Common {
  kind: 'bc-mlp';
  hidden?: number[];
  /** Actions predicted per observation and carried out open-loop (action chunking; 1: every step). */
  chunk?: number;
}

export interface ConvLayer {
  filters: number;
  kernel: number;
  stride: number;
}

export interface CnnConfig extends Common {
  kind: 'bc-cnn';
  conv?: ConvLayer[];
  /** Width of the image embedding that is concatenated with the low-dim observation. */
  imageFeatures?: number;
  hidden?: number[];
}

export interface RnnConfig extends Common {
  kind: 'bc-rnn';
  cell?: 'lstm' | 'gru';
  units?: number;
  layers?: number;
  /** History window (robomimic's seq_length). */
  window?: number;
}

export interface GmmConfig extends Common {
  kind: 'bc-gmm';
  hidden?: number[];
  modes?: number;
  /** Floor on each component's standard deviation (normalized action units). */
  minStd?: number;
}

export interface KnnConfig {
  kind: 'knn';
  /**
   * Weights of the remembered rows fall as exp(-d²/temperature), d² the squared distance between
   * normalized observations: small answers with the nearest row, large averages many.
   */
  temperature?: number;
}

export type Resolved<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
export type ResolvedPolicyConfig =
  Resolved<MlpConfig> | Resolved<CnnConfig> | Resolved<RnnConfig> | Resolved<GmmConfig> | Resolved<KnnConfig>;

/** Shapes a policy is built for, fixed by the dataset. */
export interface PolicyShapes {
  obsDim: number;
  actDim: number;
  image?: { height: number; width: number; channels: number };
  /** Training rows a nearest-neighbour policy keeps. */
  memory?: number;
}

/** Normalized dataset rows, shared by batch builders. */
export interface PreparedData {
  obs: Float32Array;
  actions: Float32Array;
  obsDim: number;
  actDim: number;
  images?: { data: Uint8Array; height: number; width: number; channels: number };
  /** First row of each row's episode. */
  episodeStart: Int32Array;
}

export type ActMode = 'mode' | 'sample';

/** A network plus how to feed it, score it and read actions out of it. */
export interface PolicyNet {
  readonly config: ResolvedPolicyConfig;
  readonly shapes: PolicyShapes;
  readonly model: tf.LayersModel;
  /** Model inputs for the given rows (for an RNN, the window ending at each row). */
  inputs(rows: ArrayLike<number>, data: PreparedData): tf.Tensor[];
  /** Training targets for the given rows, in normalized action units. */
  targets(rows: ArrayLike<number>, data: PreparedData): tf.Tensor;
  loss(output: tf.Tensor, target: tf.Tensor): tf.Scalar;
  /**
   * Each row's own loss [batch]: squared action error (mean over action dimensions, the last step
   * of a window) or, for a likelihood policy, the negative log-likelihood of the row's action.
   */
  stepLoss(output: tf.Tensor, target: tf.Tensor): tf.Tensor1D;
  /** Normalized actions [batch * actDim] from the model output of a batch. */
  decode(output: tf.Tensor, mode: ActMode, rng: Rng): Float32Array;
  /** A policy that learns by keeping its training rows (nearest neighbours) stores them here. */
  remember?(rows: readonly number[], data: PreparedData): void;
}
