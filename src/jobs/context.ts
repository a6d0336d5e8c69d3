import type { MediaTools } from '../media/tools';
import type { Workspace } from '../workspace/workspace';

/** What a job handler gets inside its worker process. */
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
}

export interface JobHandler {
  run(ctx: JobContext, params: unknown): Promise<{ result: unknown; message: string }>;
}
