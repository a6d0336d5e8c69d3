import { StudioError, type HandlersFor, type jobCalls } from '../common/api';
import type { JobRunner } from './runner';

/** Handlers of the job-queue calls: list, cancel and read the log of any feature's job. */
export function createJobHandlers(runner: JobRunner): HandlersFor<typeof jobCalls> {
  return {
    listJobs: ({ limit }) => runner.store.list(limit),
    jobLogs: ({ id }) => runner.store.logs(id),
    cancelJob: ({ id }) => {
      const job = runner.store.get(id);
      if (job.state !== 'queued' && job.state !== 'running') {
        throw new StudioError('conflict', `job ${id} has already ${job.state}`);
      }
      return runner.cancel(id);
    },
  };
}
