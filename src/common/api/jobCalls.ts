import { z } from 'zod';
import { JobSchema } from './schemas';
import { jobKind } from './jobs';

// Calls on the job queue itself: every feature's jobs are listed, cancelled and read the same way.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const Id = z.string().min(1).max(100);

export const jobCalls = {
  listJobs: call(z.object({ limit: z.number().int().positive().max(500).default(50) }), z.array(JobSchema)),
  cancelJob: call(z.object({ id: Id }), JobSchema),
  jobLogs: call(
    z.object({ id: Id }),
    z.array(z.object({ at: z.string(), level: z.string(), line: z.string() })),
  ),
} as const;

/** Diagnostics: sleeps in steps, checkpointing each one, so crash recovery can be observed. */
export const diagnosticJobs = {
  sleep: jobKind({
    params: z.object({
      steps: z.number().int().positive().max(1_000_000),
      stepMs: z.number().int().min(0).max(60_000),
    }),
    result: z.object({ steps: z.number().int(), pid: z.number().int() }),
    resumable: true,
    writesEpisodes: false,
  }),
} as const;
