// Messages between the job runner (host process) and a job's worker process. Checkpoints do not
// travel here: the worker writes them to the job's row itself, so they survive the host.
export type ToWorker =
  | { type: 'start'; workspace: string; jobId: string; kind: string; params: unknown; checkpoint: unknown }
  | { type: 'cancel' }
  /** A message from a screen to a running job (e.g. the expert's control during a live rollout). */
  | { type: 'input'; data: unknown };

export type FromWorker =
  | { type: 'progress'; progress: number | null; message: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; line: string }
  | { type: 'done'; result: unknown; message: string }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' }
  /** A message from a running job to the screens (delivered as the `jobMessage` event). */
  | { type: 'message'; data: unknown };
