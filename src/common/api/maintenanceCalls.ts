import { z } from 'zod';

// Keeping a workspace sound: removing blobs nothing refers to.
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

export const maintenanceCalls = {
  /** Removes every blob no row refers to; refused while jobs are queued or running. */
  collectGarbage: call(z.object({ dryRun: z.boolean().default(false) }), GcReportSchema),
} as const;
