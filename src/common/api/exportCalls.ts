import { z } from 'zod';
import { jobKind, JobStartedSchema } from './jobs';

// Datasets leaving the studio: chosen episodes of a dataset written in a format other tools read,
// with where every episode came from and who edited it.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const ExportDatasetRequestSchema = z.object({
  /** The workspace dataset to export. */
  dataset: z.string().trim().min(1).max(200),
  format: z.enum(['lerobot-v3', 'robomimic']).default('lerobot-v3'),
  /** lerobot-v3: the folder to write (new or empty); robomimic: the new .hdf5 file (its provenance beside it). */
  out: z.string().min(1).max(4096),
  /** Only episodes with this tag (none: all of the dataset). */
  includeTag: z.string().trim().min(1).max(100).optional(),
  /** Episodes with any of these tags are left out. */
  excludeTags: z.array(z.string().trim().min(1).max(100)).max(50).default(['rejected', 'flagged']),
  /**
   * Episodes whose privacy redaction is not approved and rendered are left out; with a reason they are
   * exported anyway (unredacted where no redacted copy exists), and the reason is in the audit trail.
   */
  forceUnredacted: z.string().trim().min(1).max(2000).optional(),
  /** lerobot-v3: a data parquet file is closed once the next episode would take it to this size (LeRobot's `data_files_size_in_mb`). */
  dataFilesSizeMb: z.number().positive().max(1_000_000).default(100),
  /** lerobot-v3: likewise for each camera's mp4 files (LeRobot's `video_files_size_in_mb`). */
  videoFilesSizeMb: z.number().positive().max(1_000_000).default(200),
});

export type ExportDatasetRequest = z.input<typeof ExportDatasetRequestSchema>;

export const ExportDatasetResultSchema = z.object({
  out: z.string(),
  format: z.enum(['lerobot-v3', 'robomimic']),
  /** Each exported episode: the workspace episode and its index and frames in the export. */
  episodes: z.array(z.object({ id: z.string(), episodeIndex: z.number().int(), frames: z.number().int() })),
  frames: z.number().int(),
  /** The files written, relative to `out` (robomimic: to its folder). */
  files: z.array(z.string()),
  /** Episodes left out because their redaction is not approved and rendered. */
  leftOut: z.array(z.object({ id: z.string(), reason: z.string() })).default([]),
});
export type ExportDatasetResult = z.infer<typeof ExportDatasetResultSchema>;

export const exportCalls = {
  /** Writes a dataset's chosen episodes (trims applied) to a folder, as a job. */
  exportDataset: call(ExportDatasetRequestSchema, JobStartedSchema),
} as const;

export const exportJobs = {
  /** Writes into a temporary folder renamed into place at the end: a rerun starts over. */
  'export-dataset': jobKind({
    params: ExportDatasetRequestSchema,
    result: ExportDatasetResultSchema,
    resumable: false,
    writesEpisodes: false,
  }),
} as const;
