import type { daggerCalls, HandlersFor } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { RunStore } from './runStore';

/** Handlers of the DAgger calls: a run is a `dagger` job; its iterations are read from the run's rows. */
export function createDaggerHandlers({ ws, runner }: FeatureDeps): HandlersFor<typeof daggerCalls> {
  const runs = new RunStore(ws);
  return {
    startDagger: (request) => {
      const select =
        request.budget === undefined ? request.select : `${request.select}, ${request.budget} a round`;
      const title = `DAgger ${request.policy} in ${request.env}: ${request.iterations} iterations of ${request.rollouts} rollouts (${select})`;
      const job = runner.enqueue('dagger', title, request);
      ws.audit.record({ action: 'dagger.start', target: job.id, episodeId: null, detail: request });
      return { jobId: job.id };
    },
    listDaggerRuns: () => runs.list(),
    getDaggerRun: ({ id }) => runs.get(id),
  };
}
