import { z } from 'zod';
import { jobKind, JobStartedSchema } from './jobs';

// Keeping a workspace sound: decoding each imported video once to find damage the packet index
// hides, and removing blobs nothing refers to.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const GcReportSchema = z.object({
  dryRun: z.boolean(),
  /** Blobs removed (or, with dryRun, that would be). */
  removed: z.number().int(),
  freedBytes: z.number().int(),
  /** Unreferenced blobs kept because they are younger than an hour (an import may still be writing). */
  keptRecent: z.number().int(),
});
export type GcReport = z.infer<typeof GcReportSchema>;

/** A video decoded from start to end: frames that did not decode and the decoder's errors. */
export const MediaCheckSchema = z.object({
  blob: z.string(),
  status: z.enum(['ok', 'damaged']),
  checkedAt: z.string(),
  expectedFrames: z.number().int(),
  decodedFrames: z.number().int(),
  errors: z.number().int(),
  firstErrors: z.array(z.string()),
  /** Runs of frames (indices into the file's frames) that did not decode, first and last inclusive. */
  missing: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type MediaCheck = z.infer<typeof MediaCheckSchema>;

const VerifyRequestSchema = z.object({
  /** Episodes whose videos to check (none: every video not checked yet). */
  episodeIds: z.array(z.string().min(1).max(100)).max(100_000).optional(),
  /** Check again videos already checked. */
  again: z.boolean().default(false),
});

export const VerifyResultSchema = z.object({
  checked: z.number().int(),
  damaged: z.array(MediaCheckSchema.extend({ episodeIds: z.array(z.string()), stream: z.string() })),
});
export type VerifyResult = z.infer<typeof VerifyResultSchema>;

export const maintenanceCalls = {
  /** Decodes the episodes' videos once, as a job; damaged ones are marked. */
  verifyMedia: call(VerifyRequestSchema, JobStartedSchema),
  /** What the checks found for one episode's videos, per stream name (unchecked ones are absent). */
  mediaChecks: call(
    z.object({ episodeId: z.string().min(1).max(100) }),
    z.record(z.string(), MediaCheckSchema),
  ),
  /** Removes every blob no row refers to; refused while jobs are queued or running. */
  collectGarbage: call(z.object({ dryRun: z.boolean().default(false) }), GcReportSchema),
} as const;

export const maintenanceJobs = {
  /** Idempotent: a video checked before is skipped unless `again`. */
  verify: jobKind({
    params: VerifyRequestSchema,
    result: VerifyResultSchema,
    resumable: true,
    writesEpisodes: true,
  }),
} as const;
