import type { JobKind, JobParams, JobResult } from '../common/api';
import type { MediaTools } from '../media/tools';
import type { Workspace } from '../workspace/workspace';

/** What a job implementation gets inside its worker process. */
export interface JobContext {
  ws: Workspace;
  jobId: string;
  tools: MediaTools | null;
  signal: AbortSignal;
  /** Latest checkpoint saved by an earlier attempt of this job, or null. */
  checkpoint: unknown;
  progress(fraction: number | null, message: string): void;
  log(line: string, level?: 'info' | 'warn' | 'error'): void;
  saveCheckpoint(data: unknown): void;
  /** Messages to the screens while the job runs (the `jobMessage` event), not stored. */
  send(data: unknown): void;
  /** Messages from a screen (`sendJobInput`); returns the unsubscribe. */
  onInput(listener: (data: unknown) => void): () => void;
}

/** How a worker runs one job kind: parameters and result are those the contract declares for it. */
export interface JobImplementation<K extends JobKind> {
  run(ctx: JobContext, params: JobParams<K>): Promise<{ result: JobResult<K>; message: string }>;
}

/**
 * One implementation per declared kind, loaded when a job of that kind starts: a worker loads only
 * its own kind's modules (a training job brings TensorFlow.js, an import job the format readers),
 * so a worker starts quickly. A kind without one is a type error.
 */
export type JobImplementations = { [K in JobKind]: () => Promise<JobImplementation<K>> };
