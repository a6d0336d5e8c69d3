import * as tf from '@tensorflow/tfjs';
import { decodeTensors, type TrainingCheckpoint } from './checkpoint';
import { normalize, unnormalize, type NormalizationStats } from './normalization';
import { chunkOf, learnedActions, tileRelativeTo } from './chunks';
import { toAbsolute } from './relative';
import { actionsFromFrame, actionsInFrame, obsInFrame } from './frame';
import {
  createPolicyNet,
  type ActMode,
  type PolicyNet,
  type PreparedData,
  type ResolvedPolicyConfig,
} from './policies';
import { Rng } from './rng';
import { episodeRanges, episodeStartOfFrame, frameCount, validateData, type TrainingData } from './data';

/** One observation: low-dim values, plus a uint8 HWC frame for image policies. */
export interface Observation {
  lowDim: Float32Array;
  image?: Uint8Array;
}

export interface ActOptions {
  /** `mode` (default) is deterministic; `sample` draws from a multimodal policy's distribution. */
  mode?: ActMode;
}

/**
 * A trained policy for inference: normalizes observations, runs the network and unnormalizes the
 * action. Recurrent policies keep the recent observations; call `reset()` at each episode start.
 */
export class TrainedPolicy {
  private history: Float32Array[] = [];
  /** The rest of the latest predicted chunk, carried out before the policy looks again. */
  private queue: Float32Array[] = [];
  private readonly rng: Rng;

  constructor(
    readonly net: PolicyNet,
    readonly stats: NormalizationStats,
    seed = 0,
  ) {
    this.rng = new Rng(seed);
  }

  get config(): ResolvedPolicyConfig {
    return this.net.config;
  }

  reset(): void {
    this.history = [];
    this.queue = [];
  }

  /** Actions per prediction: above 1, `act()` answers from the latest chunk until it is used up. */
  get chunk(): number {
    return chunkOf(this.net.config);
  }

  /** The action for one observation, in dataset units. */
  act(obs: Observation, options: ActOptions = {}): Float32Array {
    const { obsDim, actDim, image } = this.net.shapes;
    const queued = this.queue.shift();
    if (queued) return queued;
    if (obs.lowDim.length !== obsDim)
      throw new Error(`act: expected ${obsDim} low-dim values, got ${obs.lowDim.length}`);
    const lowDim = normalize(this.seen(obs.lowDim), this.stats.obs);
    let rows: Float32Array[] = [lowDim];
    if (this.net.config.kind === 'bc-rnn') {
      this.history.push(lowDim);
      if (this.history.length > this.net.config.window) this.history.shift();
      rows = this.history;
    }
    const data: PreparedData = {
      obs: concat(rows, obsDim),
      actions: new Float32Array(rows.length * actDim),
      obsDim,
      actDim,
      episodeStart: new Int32Array(rows.length),
    };
    if (image !== undefined) {
      if (obs.image === undefined) throw new Error('act: this policy needs an image');
      // Only the latest frame is read: image policies have no history.
      const frame = new Uint8Array(rows.length * image.height * image.width * image.channels);
      frame.set(obs.image, frame.length - obs.image.length);
      data.images = { data: frame, ...image };
    }
    const normalized = tf.tidy(() => {
      const inputs = this.net.inputs([rows.length - 1], data);
      return this.net.model.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
    });
    const actions = this.decodeActions(normalized, obs.lowDim, options.mode ?? 'mode');
    for (let j = 1; j < this.chunk; j++) this.queue.push(actions.slice(j * actDim, (j + 1) * actDim));
    return actions.slice(0, actDim);
  }

  /**
   * Actions for many low-dim observations (row-major [rows, obsDim]) in one forward pass: the same
   * as `act()` row by row, for policies that read neither history nor images.
   */
  actBatch(obs: Float32Array): Float32Array {
    const { obsDim, actDim, image } = this.net.shapes;
    if (this.net.config.kind === 'bc-rnn' || image !== undefined)
      throw new Error(`actBatch: ${this.net.config.kind} reads history or images; call act() per step`);
    const rows = obs.length / obsDim;
    if (rows === 0) return new Float32Array(0);
    const input = normalize(this.seen(obs), this.stats.obs);
    const out = tf.tidy(() => this.net.model.predict(tf.tensor2d(input, [rows, obsDim])) as tf.Tensor);
    const all = this.decodeActions(out, obs, 'mode');
    if (this.chunk === 1) return all;
    // A chunked policy's answer for each observation is the first action of its chunk.
    const width = actDim * this.chunk;
    const first = new Float32Array(rows * actDim);
    for (let r = 0; r < rows; r++) first.set(all.subarray(r * width, r * width + actDim), r * actDim);
    return first;
  }

  /**
   * Network output (disposed here) for the rows of `obs` as actions in dataset units: each row's
   * whole chunk, offsets added back to that row's observation where actions are relative.
   */
  private decodeActions(output: tf.Tensor, obs: Float32Array, mode: ActMode): Float32Array {
    const { obsDim, actDim } = this.net.shapes;
    const normalized = this.net.decode(output, mode, this.rng);
    output.dispose();
    const chunk = this.chunk;
    const { frame, relativeTo } = this.stats;
    const learned = unnormalize(normalized, this.stats.action);
    return toAbsolute(
      frame ? actionsFromFrame(learned, obs, frame, relativeTo, actDim, obsDim) : learned,
      obs,
      tileRelativeTo(this.stats.relativeTo, chunk),
      actDim * chunk,
      obsDim,
    );
  }

  /**
   * Per-step scores beside `act()`: how far each recorded action is from what this policy would do
   * in that step's observation, as the policy's own per-row loss (squared error in normalized action
   * units, or negative log-likelihood for a mixture policy). Higher means the demonstration
   * disagrees more. Rows are scored in batches; `episodeStarts` bounds recurrent history windows.
   */
  scoreSteps(data: TrainingData, batchSize = 512): Float32Array {
    validateData(data);
    const { obsDim, actDim } = this.net.shapes;
    if (data.obsDim !== obsDim || data.actDim !== actDim)
      throw new Error(`scoreSteps: expected ${obsDim} observation and ${actDim} action columns`);
    const n = frameCount(data);
    const { frame, relativeTo } = this.stats;
    const learned = learnedActions(data, relativeTo, this.chunk);
    const prepared: PreparedData = {
      obs: normalize(this.seen(data.obs), this.stats.obs),
      actions: normalize(
        frame ? actionsInFrame(learned, data.obs, frame, relativeTo, actDim, obsDim) : learned,
        this.stats.action,
      ),
      obsDim,
      actDim: actDim * this.chunk,
      episodeStart: episodeStartOfFrame(episodeRanges(data), n),
      ...(data.images === undefined ? {} : { images: data.images }),
    };
    const out = new Float32Array(n);
    for (let at = 0; at < n; at += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, n - at) }, (_, i) => at + i);
      const losses = tf.tidy(() => {
        const inputs = this.net.inputs(rows, prepared);
        const output = this.net.model.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
        return this.net.stepLoss(output, this.net.targets(rows, prepared));
      });
      out.set(losses.dataSync(), at);
      losses.dispose();
    }
    return out;
  }

  dispose(): void {
    this.net.model.dispose();
  }

  /** Observations as the network sees them: from the object where the policy learned so. */
  private seen(obs: Float32Array): Float32Array {
    return this.stats.frame ? obsInFrame(obs, this.stats.frame, this.net.shapes.obsDim) : obs;
  }
}

function concat(rows: Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => out.set(row, i * dim));
  return out;
}

/** Rebuilds a trained policy from a checkpoint (for example the final one of a run). */
export function loadPolicy(checkpoint: TrainingCheckpoint, seed = 0): TrainedPolicy {
  const { meta } = checkpoint;
  const net = createPolicyNet(meta.config, meta.shapes, seed);
  const weights = decodeTensors(checkpoint.weights, meta.weightSpecs);
  net.model.setWeights(weights);
  tf.dispose(weights);
  return new TrainedPolicy(net, meta.stats, seed);
}
