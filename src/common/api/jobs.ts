import { z } from 'zod';

/**
 * A job kind, declared once beside its feature's calls: its parameters and result (parsed at the
 * queue and at the worker's end), and how the runner treats it.
 */
export interface JobKindSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  params: P;
  result: R;
  /**
   * After a crash or restart the job is queued again: its implementation is idempotent or continues
   * from its checkpoint. Otherwise it is marked failed.
   */
  resumable: boolean;
  /** Writes episodes as it runs: clients are told the library changed while it runs. */
  writesEpisodes: boolean;
}

export const jobKind = <P extends z.ZodType, R extends z.ZodType>(spec: JobKindSpec<P, R>) => spec;

/** What a call that starts a job answers: the job to follow (events, `listJobs`). */
export const JobStartedSchema = z.object({ jobId: z.string() });

/** A schema failure as one line a person can act on: `paths: expected array; dataset: …`. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
