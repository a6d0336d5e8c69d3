import { z } from 'zod';
import { SIM_ENVS } from './schemas';
import { jobKind, JobStartedSchema } from './jobs';

// Calls of DAgger runs: a run collects rollouts of the current policy, has an expert label the
// states it visited, aggregates the labels with all earlier ones, retrains and evaluates, per iteration.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const DAGGER_LABELERS = ['oracle'] as const;
export const DAGGER_SELECT = ['all', 'uncertain'] as const;
/** Sirius-style classes of a labelled frame (their index is the value stored per frame). */
export const FRAME_CLASSES = ['demonstration', 'rollout', 'intervention', 'pre-intervention'] as const;
export type FrameClass = (typeof FRAME_CLASSES)[number];

const Seed = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31);

export const DaggerRequestSchema = z.object({
  env: z.enum(SIM_ENVS),
  policy: z.enum(['bc-mlp']).default('bc-mlp'),
  /** Iterations after the demonstrations (iteration 0). */
  iterations: z.number().int().min(1).max(100),
  /** Rollouts collected per iteration. */
  rollouts: z.number().int().min(1).max(1000),
  labeler: z.enum(DAGGER_LABELERS).default('oracle'),
  select: z.enum(DAGGER_SELECT).default('all'),
  /** Frames labelled per iteration (none: every visited frame). */
  budget: z.number().int().min(1).max(1_000_000).optional(),
  /** The oracle's demonstrations of iteration 0 (default: as many as rollouts). */
  initDemos: z.number().int().min(1).max(1000).optional(),
  seed: Seed.default(0),
  /** beta_i = betaDecay^i: the chance that the expert's action is executed at a step of iteration i. */
  betaDecay: z.number().min(0).max(1).default(0.5),
  /** Evaluation rollouts after each retraining. */
  evalEpisodes: z.number().int().min(1).max(1000).default(20),
  /** Optimizer steps of each retraining (the same budget at every iteration). */
  steps: z.number().int().min(1).max(100_000).default(600),
  batchSize: z.number().int().min(1).max(4096).default(64),
  hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).default([64, 64]),
  learningRate: z.number().positive().max(1).default(3e-3),
  /** Members of the ensemble that ranks frames for `uncertain` (the current policy is one). */
  ensemble: z.number().int().min(2).max(8).default(3),
  /** Dataset the run's rollouts are stored in (default: `dagger-<env>-<run id>`). */
  dataset: z.string().trim().min(1).max(200).optional(),
});
export type DaggerRequest = z.infer<typeof DaggerRequestSchema>;

export const DaggerIterationSchema = z.object({
  iteration: z.number().int(),
  /** The aggregated data this iteration trained on: all labels with a version up to this one. */
  datasetVersion: z.number().int(),
  beta: z.number(),
  /** The model retrained at this iteration (the policy version of the next iteration's states). */
  model: z.string(),
  /** Labelled frames in the aggregated data. */
  labels: z.number().int(),
  newLabels: z.number().int(),
  visitedFrames: z.number().int(),
  successRate: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
  /** The task's continuous score (0 to 1) averaged over the evaluation rollouts. */
  score: z.number(),
  episodeIds: z.array(z.string()),
  finishedAt: z.string(),
});
export type DaggerIteration = z.infer<typeof DaggerIterationSchema>;

export const DaggerRunSchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  env: z.enum(SIM_ENVS),
  dataset: z.string(),
  config: DaggerRequestSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  iterations: z.array(DaggerIterationSchema),
});
export type DaggerRun = z.infer<typeof DaggerRunSchema>;

const Id = z.string().min(1).max(100);
const Frame = z.number().int().nonnegative().max(10_000_000);

/** A stretch of an episode's labels: frames x columns values (null: unlabelled), mask and classes. */
export const LabelSpanSchema = z.object({
  startFrame: Frame,
  values: z.array(z.number().nullable()).max(10_000_000),
  mask: z.array(z.number().int().min(0).max(1)).max(1_000_000),
  classes: z.array(z.number().int().min(0).max(3)).max(1_000_000),
});
export type LabelSpan = z.infer<typeof LabelSpanSchema>;

export const LabelVersionSchema = z.object({
  id: z.string(),
  labeler: z.string(),
  actor: z.string(),
  labelledAt: z.string(),
  labelled: z.number().int(),
});

/** An episode's current labels (its newest label series) and the versions before them. */
export const EpisodeLabelsSchema = z.object({
  episodeId: z.string(),
  runId: z.string().nullable(),
  columns: z.array(z.string()),
  frames: z.number().int(),
  values: z.array(z.number().nullable()),
  mask: z.array(z.number().int()),
  classes: z.array(z.number().int()),
  /** What the policy did at each frame (the episode's `action` rows, frames x columns). */
  policyActions: z.array(z.number()),
  /** The model whose rollout produced the states; null for the expert's own demonstration. */
  policyVersion: z.string().nullable(),
  datasetVersion: z.number().int(),
  labeler: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  labelledAt: z.string(),
  labelled: z.number().int(),
  /** Every label series of the episode, oldest first (each edit writes a new one). */
  history: z.array(LabelVersionSchema),
});
export type EpisodeLabels = z.infer<typeof EpisodeLabelsSchema>;

export const LabelEditResultSchema = z.object({
  labels: EpisodeLabelsSchema,
  /** The span as it was and as it is now: restoring `before` undoes the edit, `after` redoes it. */
  before: LabelSpanSchema,
  after: LabelSpanSchema,
});
export type LabelEditResult = z.infer<typeof LabelEditResultSchema>;

const SpanInput = z.object({ episodeId: Id, startFrame: Frame, endFrame: Frame });

/** The expert's input to a live rollout: take control with an action, hand it back, or end it. */
export const LiveInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('takeover'), action: z.array(z.number()).min(1).max(64) }),
  z.object({ type: z.literal('release') }),
  z.object({ type: z.literal('stop') }),
]);
export type LiveInput = z.infer<typeof LiveInputSchema>;

/** One step of a live rollout, as the `dagger-live` job reports it (the `data` of a `jobMessage`). */
export const LiveStepSchema = z.object({
  step: z.number().int(),
  obs: z.array(z.number()),
  observation: z.array(z.string()),
  policyAction: z.array(z.number()),
  action: z.array(z.number()),
  /** The expert was in control at this step. */
  expert: z.boolean(),
  /**
   * The environment's camera at this step: RGB bytes, row-major, base64; on at most 15 steps a
   * second (a 30 Hz rollout sends it every other step).
   */
  image: z
    .object({ width: z.number().int().positive(), height: z.number().int().positive(), rgb: z.string() })
    .optional(),
});
export type LiveStep = z.infer<typeof LiveStepSchema>;

export const LiveRequestSchema = z.object({
  runId: Id,
  seed: Seed.default(0),
  /** Steps before the rollout ends by itself; the environment's own limit when left out (and always). */
  maxSteps: z.number().int().min(1).max(100_000).optional(),
});

export const daggerCalls = {
  startDagger: call(DaggerRequestSchema, JobStartedSchema),
  listDaggerRuns: call(z.object({}), z.array(DaggerRunSchema)),
  getDaggerRun: call(z.object({ id: Id }), DaggerRunSchema),
  getEpisodeLabels: call(z.object({ episodeId: Id }), EpisodeLabelsSchema),
  /** Labels frames from keyframes (frame -> action), linear between them, held before the first and after the last. */
  labelFrames: call(
    z.object({
      episodeId: Id,
      keyframes: z
        .array(z.object({ frame: Frame, action: z.array(z.number()).min(1).max(64) }))
        .min(1)
        .max(100_000),
      /** The span labelled (default: from the first keyframe to the last). */
      startFrame: Frame.optional(),
      endFrame: Frame.optional(),
    }),
    LabelEditResultSchema,
  ),
  /** "The policy was fine": each frame of the span is labelled with the policy's own action. */
  acceptPolicy: call(SpanInput, LabelEditResultSchema),
  clearLabels: call(SpanInput, LabelEditResultSchema),
  /** Writes a span back as it was (undo) or as an edit made it (redo). */
  restoreLabels: call(z.object({ episodeId: Id, span: LabelSpanSchema }), LabelEditResultSchema),
  /** Per frame of a DAgger episode: the ensemble's disagreement, the novelty, and their rank priority (0 to 1). */
  episodeUncertainty: call(
    z.object({ episodeId: Id }),
    z.object({
      model: z.string(),
      scores: z.array(z.number()),
      disagreement: z.array(z.number()),
      novelty: z.array(z.number()),
    }),
  ),
  /** Queues a `dagger-retrain` job: the run's labels aggregated, retrained and evaluated as a new iteration. */
  retrainDagger: call(z.object({ runId: Id }), JobStartedSchema),
  /**
   * HG-DAgger: a `dagger-live` job rolls the run's current policy out at the environment's control
   * rate; the expert takes over and hands back with `sendLiveInput`. Takeover spans become labels.
   */
  startLiveRollout: call(LiveRequestSchema, JobStartedSchema),
  sendLiveInput: call(z.object({ jobId: Id, input: LiveInputSchema }), z.object({ delivered: z.boolean() })),
} as const;

export const daggerJobs = {
  /** Continues after the last finished iteration (rollouts are seeded, so it ends as an uninterrupted run). */
  dagger: jobKind({
    params: DaggerRequestSchema,
    result: z.object({ run: z.string(), dataset: z.string(), iterations: z.array(DaggerIterationSchema) }),
    resumable: true,
    writesEpisodes: true,
  }),
  'dagger-live': jobKind({
    params: LiveRequestSchema,
    result: z.object({
      run: z.string(),
      episodeId: z.string(),
      steps: z.number().int(),
      /** Frames the expert controlled: the labels. */
      labels: z.number().int(),
      interventions: z.number().int(),
      success: z.boolean(),
    }),
    resumable: false,
    writesEpisodes: true,
  }),
  'dagger-retrain': jobKind({
    params: z.object({ runId: Id }),
    result: z.object({ run: z.string(), iteration: DaggerIterationSchema }),
    resumable: false,
    writesEpisodes: false,
  }),
} as const;
