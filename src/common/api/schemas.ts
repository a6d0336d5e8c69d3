import { z } from 'zod';
import { TrimSchema } from './replayCalls';

// Data shapes that cross the process boundary. Ids are plain strings on the wire.
export const StreamSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['video', 'series']),
  frames: z.number().int().nonnegative(),
  durationNs: z.number().int().nonnegative(),
  /** video: the original's blob; series: float32 values, row-major frames x columns. */
  blob: z.string(),
  /** int64 little-endian nanoseconds, one per frame. */
  timestampsBlob: z.string(),
  columns: z.array(z.string()),
  video: z
    .object({
      codec: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      fps: z.number(),
      container: z.string(),
      mime: z.string(),
      /**
       * Where this stream's t=0 lies in the video file, in ns: a part of a recording plays a window
       * of the original file. Absent (0) for an original.
       */
      offsetNs: z.number().int().nonnegative().optional(),
    })
    .nullable(),
});
export type Stream = z.infer<typeof StreamSchema>;

export const EpisodeSummarySchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  dataset: z.string(),
  name: z.string(),
  durationNs: z.number().int().nonnegative(),
  createdAt: z.string(),
  thumbnailBlob: z.string().nullable(),
  tags: z.array(z.string()),
  streams: z.array(
    z.object({ name: z.string(), kind: z.enum(['video', 'series']), frames: z.number().int() }),
  ),
  /** For a part made by a split or merge: the root recording and where the part's t=0 lies in it. */
  origin: z.object({ episodeId: z.string(), offsetNs: z.number().int().nonnegative() }).nullable(),
  /** Replaced by a split or merge: kept, but left out of every list. */
  hidden: z.boolean(),
  /**
   * Whether its videos decode whole (the verify job): `none` without video, `unchecked` until
   * checked, `damaged` when frames did not decode or the decoder reported errors.
   */
  media: z.enum(['none', 'unchecked', 'ok', 'damaged']),
  /** The kept stretch of the episode, in its own time; null when the whole episode is kept. */
  trim: TrimSchema.nullable(),
});
export type EpisodeSummary = z.infer<typeof EpisodeSummarySchema>;

export const EpisodeSchema = EpisodeSummarySchema.extend({
  sourcePath: z.string().nullable(),
  sourceHash: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  streamDetails: z.array(StreamSchema),
});
export type Episode = z.infer<typeof EpisodeSchema>;

export const DatasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  episodeCount: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type Dataset = z.infer<typeof DatasetSchema>;

export const JobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: JobStateSchema,
  /** 0..1, or null when the job cannot estimate. */
  progress: z.number().min(0).max(1).nullable(),
  message: z.string(),
  error: z.string().nullable(),
  result: z.unknown().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const ImportErrorSchema = z.object({ path: z.string(), message: z.string() });
export type ImportError = z.infer<typeof ImportErrorSchema>;

export const ImportResultSchema = z.object({
  episodes: z.array(
    z.object({
      id: z.string(),
      dataset: z.string(),
      streams: z.array(z.object({ name: z.string(), kind: z.enum(['video', 'series']), frames: z.number() })),
    }),
  ),
  /** Episodes the workspace already holds: one entry per episode of the file, as first imported. */
  skipped: z.array(
    z.object({
      path: z.string(),
      reason: z.string(),
      /** The first of `episodeIds`. */
      episodeId: z.string(),
      /**
       * The episodes that stand for it now: the one imported, or the visible parts a split or merge
       * made of it. Absent from results written before an episode's source had a locator.
       */
      episodeIds: z.array(z.string()).optional(),
      /** Where the episode lies in the file: '' for the whole file, `episode_index=<n>` for one episode of a log. */
      locator: z.string().optional(),
    }),
  ),
  errors: z.array(ImportErrorSchema),
  /**
   * Entries of the named folders that are not recordings (other files, links to folders), with why.
   * Informational: a request that finds nothing to import also has an entry in `errors`.
   */
  ignored: z.array(z.object({ path: z.string(), reason: z.string() })).default([]),
  /** Data imported as it is despite a disagreement (stale totals, a length off by one frame), with why. */
  warnings: z.array(ImportErrorSchema).default([]),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const EpisodeQuerySchema = z.object({
  datasetId: z.string().max(100).optional(),
  search: z.string().max(200).optional(),
  tag: z.string().max(100).optional(),
  sort: z.enum(['created', 'name', 'duration']).default('created'),
  /** Also list episodes replaced by a split or merge (kept, hidden). */
  includeHidden: z.boolean().default(false),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
});
export type EpisodeQuery = z.input<typeof EpisodeQuerySchema>;

export const WorkspaceInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  host: z.enum(['electron', 'web', 'cli']),
  tools: z.object({
    ffmpeg: z.string().nullable(),
    ffprobe: z.string().nullable(),
    problem: z.string().nullable(),
  }),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;

export const SIM_ENVS = ['pusht', 'lane', 'arm'] as const;
/** `oracle`: the experts' flawless policy (DAgger's labeler), with no injected flaw. */
export const SKILL_PRESETS = ['better', 'okay', 'worse', 'mixed', 'oracle'] as const;

/** Scripted demonstrations from a built-in simulator, written as episodes of `dataset`. */
export const GenerateRequestSchema = z.object({
  env: z.enum(SIM_ENVS),
  episodes: z.number().int().positive().max(10_000),
  seed: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31),
  skill: z.enum(SKILL_PRESETS).default('better'),
  dataset: z.string().trim().min(1).max(200),
  /** Record a camera video (the 2D environments). */
  render: z.boolean().default(true),
});
export type GenerateRequest = z.infer<typeof GenerateRequestSchema>;
