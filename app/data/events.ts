import type { QueryClient } from '@tanstack/react-query';
import type { CallOutput, Job } from '../../src/common/api';
import type { StudioClient } from '../client/studioClient';
import { LIBRARY_READS } from './staleness';

type JobList = CallOutput<'listJobs'>;

const FINISHED = new Set<Job['state']>(['succeeded', 'failed', 'cancelled']);

/** A jobs list with `job` as it now is: replaced in place, or added first (it is the newest). */
export function withJob(list: JobList, job: Job, limit: number): JobList {
  const at = list.findIndex((j) => j.id === job.id);
  if (at >= 0) return list.map((j, i) => (i === at ? job : j));
  return [job, ...list].slice(0, limit);
}

/**
 * The one place the studio's events reach the cache: `libraryChanged` refetches what shows the
 * library; `jobUpdated` updates every cached jobs list in place and refreshes what the job makes
 * (its training curve while it runs, the models, DAgger runs and its log when it ends). Returns the unsubscribe.
 */
export function connectEvents(client: StudioClient, queries: QueryClient): () => void {
  const offLibrary = client.on('libraryChanged', () => {
    for (const read of LIBRARY_READS) void queries.invalidateQueries({ queryKey: [read] });
  });
  const offJobs = client.on('jobUpdated', (job) => {
    for (const query of queries.getQueryCache().findAll({ queryKey: ['listJobs'] })) {
      const [, input] = query.queryKey as [string, { limit?: number } | undefined];
      queries.setQueryData<JobList>(query.queryKey, (list) => list && withJob(list, job, input?.limit ?? 50));
    }
    const finished = FINISHED.has(job.state);
    // While a run reports epochs, a curve fetch still in flight is good enough: updates do not queue up.
    void queries.invalidateQueries(
      { queryKey: ['trainingCurve', { jobId: job.id }] },
      { cancelRefetch: finished },
    );
    if (!finished) return;
    void queries.invalidateQueries({ queryKey: ['listModels'] });
    if (job.kind === 'dagger' || job.kind === 'dagger-retrain')
      for (const read of ['listDaggerRuns', 'getDaggerRun'] as const)
        void queries.invalidateQueries({ queryKey: [read] });
    void queries.invalidateQueries({ queryKey: ['jobLogs', { id: job.id }] });
    if (job.kind === 'quality') {
      void queries.invalidateQueries({ queryKey: ['qualityReport'] });
      void queries.invalidateQueries({ queryKey: ['qualitySparklines'] });
    }
  });
  return () => {
    offLibrary();
    offJobs();
  };
}
