// Messages between the job runner (host process) and a job's worker process. Checkpoints do not
// travel here: the worker writes them to the job's row itself, so they survive the host.
export type ToWorker =
  | { type: 'start'; workspace: string; jobId: string; kind: string; params: unknown; checkpoint: unknown }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: number | null; message: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; line: string }
  | { type: 'done'; result: unknown; message: string }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' };
