/**
 * Retraining on the aggregated labels with the studio's training loop, under a fixed budget of
 * optimizer steps, so that runs with equal labels get equal training whatever produced the labels.
 */
import { frameCount } from '../training/data';
import { trainPolicy, type TrainedPolicy, type TrainingCheckpoint, type TrainingData } from '../training';

export interface RetrainOptions {
  hidden: number[];
  learningRate: number;
  /** Optimizer steps per retraining (rounded to whole epochs, at least one). */
  steps: number;
  batchSize: number;
  seed: number;
  signal?: AbortSignal;
}

export const DEFAULT_RETRAIN: Omit<RetrainOptions, 'seed'> = {
  hidden: [64, 64],
  learningRate: 3e-3,
  steps: 600,
  batchSize: 64,
};

/** Epochs that give about `steps` optimizer steps on `frames` rows. */
export function epochsFor(frames: number, steps: number, batchSize: number): number {
  const perEpoch = Math.max(1, Math.floor(frames / batchSize));
  return Math.max(1, Math.round(steps / perEpoch));
}

/** Trains a BC-MLP from scratch on the data (no validation split: every label is used). */
export async function retrain(
  data: TrainingData,
  o: RetrainOptions,
): Promise<{ policy: TrainedPolicy; checkpoint: TrainingCheckpoint; steps: number }> {
  const result = await trainPolicy({
    policy: { kind: 'bc-mlp', hidden: o.hidden, learningRate: o.learningRate },
    data,
    epochs: epochsFor(frameCount(data), o.steps, o.batchSize),
    batchSize: o.batchSize,
    seed: o.seed,
    valFraction: 0,
    progressEvery: 1_000_000,
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });
  return { policy: result.policy, checkpoint: result.checkpoint, steps: result.steps };
}
