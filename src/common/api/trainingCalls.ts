import { z } from 'zod';
import { SIM_ENVS } from './schemas';
import { jobKind, JobStartedSchema } from './jobs';

// Calls of the training screen: training and evaluation jobs, the models registry, export.
// Spread into the contract's `calls`, so every host serves them like any other call.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const POLICY_KINDS = ['bc-mlp', 'bc-cnn', 'bc-rnn', 'bc-gmm', 'knn'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];
/**
 * Whether a policy learns by keeping its training rows (nearest neighbours): no epochs, optimizer,
 * learning rate or layers apply to it.
 */
export const keepsRows = (policy: string): boolean => policy === 'knn';
/** The learning rate over a run: constant, or decayed to zero along a half cosine. */
export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

const Seed = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31);
const Id = z.string().min(1).max(100);

/** Hyperparameters beyond the run's shape; omitted ones take the policy's robomimic-like defaults. */
export const HyperparametersSchema = z.object({
  learningRate: z.number().positive().max(1).optional(),
  /** Hidden layer widths of the MLP head (bc-mlp, bc-cnn, bc-gmm). */
  hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).optional(),
  /**
   * bc-mlp: actions predicted per observation and carried out open-loop before the policy looks
   * again (ACT's action chunking; 1 answers every step).
   */
  chunk: z.number().int().min(1).max(100).optional(),
  /** bc-gmm: mixture components. */
  modes: z.number().int().min(1).max(20).optional(),
  /** bc-rnn: history window and hidden units. */
  window: z.number().int().min(1).max(100).optional(),
  units: z.number().int().min(1).max(2048).optional(),
  /** bc-cnn: frames are decoded at imageSize x imageSize. */
  imageSize: z.number().int().min(16).max(256).optional(),
  /**
   * Learn each action that shares its name with an observation value as its offset from that value
   * (joint targets from joint positions): at high control rates an absolute target lies within the
   * regression's error of the current pose and the policy stalls.
   */
  relativeActions: z.boolean().optional(),
  /**
   * Learn the action points (`<name>_x`, `<name>_y` columns) as offsets from this observation point
   * (PushT: `agent`, so the target is learned as where to move next); for actions whose names match
   * no observation. Not together with `relativeActions`.
   */
  actionsRelativeTo: z.string().trim().min(1).max(100).optional(),
  /**
   * See every point from this object (its `<name>_x`, `<name>_y`, `<name>_angle` observation columns;
   * PushT: `block`): what a demonstration shows about pushing one side of the T then holds wherever
   * the T lies and however it is turned.
   */
  objectFrame: z.string().trim().min(1).max(100).optional(),
  /** knn: weights of the remembered rows fall as exp(-d²/temperature) (small: the nearest alone). */
  temperature: z.number().positive().max(100).optional(),
  /**
   * The learning rate over the run (absent: constant). `cosine` decays it to zero, so the final
   * weights settle rather than stop wherever the last batches left them: runs that differ only in
   * their seed end closer together.
   */
  lrSchedule: z.enum(LR_SCHEDULES).optional(),
});
export type Hyperparameters = z.infer<typeof HyperparametersSchema>;

export const TrainRequestSchema = z.object({
  policy: z.enum(POLICY_KINDS),
  /** Dataset name. */
  dataset: z.string().trim().min(1).max(200),
  /** Only episodes with this tag (none: all of the dataset). */
  includeTag: z.string().trim().min(1).max(100).optional(),
  /** Episodes with any of these tags are left out. */
  excludeTags: z.array(z.string().trim().min(1).max(100)).max(50).default(['rejected', 'flagged']),
  /**
   * Exactly these episodes of the dataset (a random-subset baseline, a curated list): the tag
   * filters do not apply, and each must be a visible episode of the dataset.
   */
  episodeIds: z.array(Id).min(1, 'name at least one episode').max(100_000).optional(),
  /** Train only on the stretches covered by segments with this label (none: whole episodes). */
  segmentLabel: z.string().trim().min(1).max(200).optional(),
  epochs: z.number().int().min(1).max(10_000).default(50),
  batchSize: z.number().int().min(1).max(4096).default(100),
  seed: Seed.default(0),
  valFraction: z.number().min(0).max(0.9).default(0.1),
  /** Steps between checkpoints. */
  checkpointEvery: z.number().int().min(1).max(1_000_000).default(200),
  hyperparameters: HyperparametersSchema.default({}),
  /** Display name of the model (default: policy and dataset). */
  name: z.string().trim().min(1).max(200).optional(),
});
export type TrainRequest = z.infer<typeof TrainRequestSchema>;

export const EvalRequestSchema = z.object({
  model: Id,
  env: z.enum(SIM_ENVS),
  episodes: z.number().int().min(1).max(1000).default(20),
  seed: Seed.default(0),
  /** Store each rollout as an episode (dataset `eval-<model name>`), replayable in the studio. */
  record: z.boolean().default(true),
});
export type EvalRequest = z.infer<typeof EvalRequestSchema>;
/**
 * The Evaluate call: without `env`, the built-in simulator whose demonstrations the model was
 * trained on (their `sim:<env>` tags); refused when they name none or several.
 */
export const EvaluateModelRequestSchema = EvalRequestSchema.extend({ env: z.enum(SIM_ENVS).optional() });

/** One point of a training curve: written at the end of every epoch. */
export const EpochMetricSchema = z.object({
  epoch: z.number().int(),
  step: z.number().int(),
  trainLoss: z.number().nullable(),
  valLoss: z.number().nullable(),
  samplesPerSec: z.number().nullable(),
});
export type EpochMetric = z.infer<typeof EpochMetricSchema>;

/** One continuous measure of the task over an evaluation's rollouts (`sim/taskScores.ts`). */
export const TaskScoreSchema = z.object({
  name: z.string(),
  /** `fraction` (0-1), `lap` (fractions of one lap) or `m`. */
  unit: z.string(),
  higherIsBetter: z.boolean(),
  mean: z.number(),
  /** Sample standard deviation over the rollouts (0 for one). */
  sd: z.number(),
  min: z.number(),
  max: z.number(),
});
export type TaskScore = z.infer<typeof TaskScoreSchema>;

export const EvalResultSchema = z.object({
  env: z.enum(SIM_ENVS),
  episodes: z.number().int(),
  seed: z.number().int(),
  successes: z.number().int(),
  successRate: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
  meanSteps: z.number(),
  /** The task's continuous measures; none in evaluations stored before they were kept. */
  scores: z.array(TaskScoreSchema).default([]),
  dataset: z.string().nullable(),
  episodeIds: z.array(z.string()),
  at: z.string(),
});
export type EvalResult = z.infer<typeof EvalResultSchema>;

export const ModelMetricsSchema = z.object({
  steps: z.number().int(),
  epochs: z.number().int(),
  trainLoss: z.number().nullable(),
  valLoss: z.number().nullable(),
  samplesPerSec: z.number().nullable(),
  seconds: z.number(),
  curve: z.array(EpochMetricSchema),
  evals: z.array(EvalResultSchema),
});
export type ModelMetrics = z.infer<typeof ModelMetricsSchema>;

export const ModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  policy: z.string(),
  /** The resolved policy config plus the run's settings and the training request. */
  config: z.record(z.string(), z.unknown()),
  dataset: z.object({
    name: z.string(),
    episodeIds: z.array(z.string()),
    frames: z.number().int(),
    /** What of each episode was trained on (its trim and segment windows then); absent for older models. */
    stretches: z
      .array(z.object({ episodeId: z.string(), startNs: z.number(), endNs: z.number() }))
      .optional(),
  }),
  metrics: ModelMetricsSchema,
  backend: z.string(),
  checkpoint: z.object({ meta: z.string(), weights: z.string(), optimizer: z.string() }),
  jobId: z.string().nullable(),
  createdAt: z.string(),
});
export type Model = z.infer<typeof ModelSchema>;

const ExportRequestSchema = z.object({ id: Id, folder: z.string().min(1).max(4096) });

export const trainingCalls = {
  startTraining: call(TrainRequestSchema, JobStartedSchema),
  /** Per-epoch curve of a training job so far (live while it runs). */
  trainingCurve: call(z.object({ jobId: Id }), z.array(EpochMetricSchema)),
  listModels: call(z.object({}), z.array(ModelSchema)),
  getModel: call(z.object({ id: Id }), ModelSchema),
  evaluateModel: call(EvaluateModelRequestSchema, JobStartedSchema),
  /** Writes the policy as a TF.js model folder (model.json + weights.bin) at `folder`, as a job. */
  exportModel: call(ExportRequestSchema, JobStartedSchema),
} as const;

/** What a training job ends with (the model is registered; `mimic train --json` prints a part of it). */
export const TrainResultSchema = z.object({
  model: z.string(),
  backend: z.string(),
  epochs: z.number().int(),
  steps: z.number().int(),
  /** The step an interrupted run continued from, or null. */
  resumedFrom: z.number().int().nullable(),
  trainLoss: z.number().nullable(),
  valLoss: z.number().nullable(),
});
export type TrainResult = z.infer<typeof TrainResultSchema>;

export const trainingJobs = {
  /** Continues from its last checkpoint blob with the same total steps. */
  train: jobKind({
    params: TrainRequestSchema,
    result: TrainResultSchema,
    resumable: true,
    writesEpisodes: false,
  }),
  /** Continues at the first rollout it had not stored. */
  eval: jobKind({
    params: EvalRequestSchema,
    result: EvalResultSchema.extend({ model: z.string() }),
    resumable: true,
    writesEpisodes: true,
  }),
  /** Writes the same files again. */
  export: jobKind({
    params: ExportRequestSchema,
    result: z.object({ folder: z.string(), files: z.array(z.string()) }),
    resumable: true,
    writesEpisodes: false,
  }),
} as const;
