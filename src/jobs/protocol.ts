// Messages between the job runner (host process) and a job's worker process.
export type ToWorker =
  | { type: 'start'; workspace: string; jobId: string; kind: string; params: unknown; checkpoint: unknown }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: number | null; message: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; line: string }
  | { type: 'checkpoint'; data: unknown }
  | { type: 'done'; result: unknown; message: string }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' };
