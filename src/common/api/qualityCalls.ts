import { z } from 'zod';
import { jobKind, JobStartedSchema } from './jobs';

// Calls of demonstration quality: signals computed per dataset by the `quality` job, the combined
// score read back with its reasons, per-dataset weights and thresholds, and decisions (keep, reject,
// needs review) that map onto the tags training and exports exclude. Spread into `calls`.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const Id = z.string().min(1).max(100);
const DatasetName = z.string().trim().min(1).max(200);
const Tag = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(100)
  .regex(/^[^\n\r\t,]+$/, 'a tag cannot contain commas, tabs or line breaks');

export const QUALITY_SIGNALS = [
  'length',
  'idle',
  'jerk',
  'path',
  'noise',
  'retries',
  'failure',
  'faults',
  'novelty',
  'learned',
] as const;
export type QualitySignal = (typeof QUALITY_SIGNALS)[number];

export const QUALITY_DECISIONS = ['keep', 'reject', 'review'] as const;
export type QualityDecision = (typeof QUALITY_DECISIONS)[number];
/** The tag each decision puts on an episode; the others' tags come off. */
export const DECISION_TAGS: Readonly<Record<QualityDecision, string>> = {
  keep: 'kept',
  reject: 'rejected',
  review: 'flagged',
};

const W = z.number().min(0).max(100).default(1);
const ALL_ONE = {
  length: 1,
  idle: 1,
  jerk: 1,
  path: 1,
  noise: 1,
  retries: 1,
  failure: 1,
  faults: 1,
  novelty: 1,
  learned: 1,
};

/** Per-dataset weights and thresholds; omitted fields take the defaults. */
export const QualitySettingsSchema = z.object({
  /** Weight of each signal in the combined score (0 leaves it out). */
  weights: z
    .object({
      length: W,
      idle: W,
      jerk: W,
      path: W,
      noise: W,
      retries: W,
      failure: W,
      faults: W,
      novelty: W,
      learned: W,
    })
    .default(ALL_ONE),
  /** A relative signal flags an episode at this robust z-score within its task. */
  flagAtZ: z.number().min(0).max(10).default(2.5),
  /**
   * A pause within the task at least this long (s) flags its episode whatever the task's median,
   * and counts like an absolute signal; 0 turns it off. A relative flag alone misses a habit that
   * most of a dataset's operators share.
   */
  longPauseS: z.number().min(0).max(60).default(1),
  /** What an absolute signal (failure, a recording fault) adds before weighting, like a z of this. */
  absoluteZ: z.number().min(0).max(10).default(3),
  /** The cross-fitted behaviour-cloning score. */
  learned: z
    .object({
      enabled: z.boolean().default(true),
      folds: z.number().int().min(2).max(20).default(5),
      epochs: z.number().int().min(1).max(500).default(20),
      hidden: z.array(z.number().int().min(1).max(1024)).min(1).max(4).default([64, 64]),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .default(0),
    })
    .default({ enabled: true, folds: 5, epochs: 20, hidden: [64, 64], seed: 0 }),
});
export type QualitySettings = z.infer<typeof QualitySettingsSchema>;
export const defaultQualitySettings = (): QualitySettings => QualitySettingsSchema.parse({});

export const QualityFlagSchema = z.object({
  kind: z.enum(QUALITY_SIGNALS),
  reason: z.string(),
  startNs: z.number(),
  endNs: z.number(),
});
export type QualityFlag = z.infer<typeof QualityFlagSchema>;

export const SignalScoreSchema = z.object({
  kind: z.enum(QUALITY_SIGNALS),
  value: z.number().nullable(),
  /** Robust z within the task (relative signals) or null. */
  z: z.number().nullable(),
  /** What it adds to the score, weighted. */
  contribution: z.number(),
  reason: z.string(),
});

export const EpisodeQualitySchema = z.object({
  id: z.string(),
  name: z.string(),
  durationNs: z.number(),
  /** Higher is worse. */
  score: z.number(),
  flags: z.array(QualityFlagSchema),
  signals: z.array(SignalScoreSchema),
  decision: z.enum(QUALITY_DECISIONS).nullable(),
  note: z.string(),
  /** The episode changed since its signals were computed (or it has none yet). */
  stale: z.boolean(),
});
export type EpisodeQuality = z.infer<typeof EpisodeQualitySchema>;

export const QualityReportSchema = z.object({
  dataset: z.string(),
  computedAt: z.string().nullable(),
  /** Some episode changed, or was added, since the last quality job: run it again. */
  stale: z.boolean(),
  settings: QualitySettingsSchema,
  /** Worst first. */
  episodes: z.array(EpisodeQualitySchema),
});
export type QualityReport = z.infer<typeof QualityReportSchema>;

const DecisionStateSchema = z.object({
  episodeId: Id,
  decision: z.enum(QUALITY_DECISIONS).nullable(),
  note: z.string().max(2000),
  tags: z.array(Tag).max(200),
});
export type DecisionState = z.infer<typeof DecisionStateSchema>;

export const QualityRequestSchema = z.object({ dataset: DatasetName });

export const EpisodeSparklineSchema = z.object({
  id: z.string(),
  thumbnailBlob: z.string().nullable(),
  /** Speed (state, else action) in buckets of equal time, in each column's spread per second. */
  speed: z.array(z.number()),
});
export type EpisodeSparkline = z.infer<typeof EpisodeSparklineSchema>;

export const qualityCalls = {
  /** Queues the `quality` job for a dataset. */
  startQuality: call(QualityRequestSchema, JobStartedSchema),
  /** The combined score of every visible episode with its reasons, worst first, under the current settings. */
  qualityReport: call(QualityRequestSchema, QualityReportSchema),
  /** Each visible episode's thumbnail and speed over time, downsampled for the triage list. */
  qualitySparklines: call(
    z.object({ dataset: DatasetName, points: z.number().int().min(4).max(400).default(48) }),
    z.object({ episodes: z.array(EpisodeSparklineSchema) }),
  ),
  getQualitySettings: call(QualityRequestSchema, QualitySettingsSchema),
  /** Replaces a dataset's weights and thresholds (omitted fields take the defaults); audited. */
  setQualitySettings: call(
    z.object({ dataset: DatasetName, settings: QualitySettingsSchema }),
    QualitySettingsSchema,
  ),
  /** One decision for many episodes; answers each episode's state before, which `restoreDecisions` puts back. */
  decideEpisodes: call(
    z.object({
      episodeIds: z.array(Id).min(1, 'name at least one episode').max(10000),
      decision: z.enum(QUALITY_DECISIONS),
      note: z.string().trim().max(2000).default(''),
    }),
    z.object({ previous: z.array(DecisionStateSchema) }),
  ),
  /** Puts decisions, notes and tags back as they were (undo and redo of `decideEpisodes`). */
  restoreDecisions: call(
    z.object({ states: z.array(DecisionStateSchema).min(1).max(10000) }),
    z.object({ previous: z.array(DecisionStateSchema) }),
  ),
  /** Adds and removes tags on many episodes at once (each change audited). */
  tagEpisodes: call(
    z
      .object({
        episodeIds: z.array(Id).min(1, 'name at least one episode').max(10000),
        add: z.array(Tag).max(50).default([]),
        remove: z.array(Tag).max(50).default([]),
      })
      .refine((v) => v.add.length + v.remove.length > 0, { message: 'name a tag to add or remove' }),
    z.object({ changed: z.number().int() }),
  ),
} as const;

export const QualityJobResultSchema = z.object({
  dataset: z.string(),
  episodes: z.number().int(),
  /** Episodes whose heuristic signals were (re)computed. */
  heuristics: z.number().int(),
  /** Whether the cross-fitted score was (re)computed. */
  learned: z.boolean(),
  seconds: z.number(),
  /** Why videos were not checked for frozen and black frames (no ffmpeg, or one without the filters). */
  videoProblem: z.string().nullable().default(null),
});

export const qualityJobs = {
  /** Recomputes what is out of date; a crashed run starts again and skips what it finished. */
  quality: jobKind({
    params: QualityRequestSchema,
    result: QualityJobResultSchema,
    resumable: true,
    writesEpisodes: false,
  }),
} as const;
