import { StudioError, type daggerCalls, type HandlersFor } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { LabelEditor } from './labelEditor';
import { RunStore } from './runStore';
import type { UncertaintyRanker } from './uncertainty';

/**
 * Handlers of the DAgger calls: a run is a `dagger` job; its iterations are read from the run's
 * rows; an expert's label edits go through the `LabelEditor`; a retrain is a `dagger-retrain` job.
 */
export function createDaggerHandlers({ ws, runner }: FeatureDeps): HandlersFor<typeof daggerCalls> {
  const runs = new RunStore(ws);
  const labels = new LabelEditor(ws);
  // The ranker trains policies (TensorFlow.js): loaded at its first use, kept for the ensembles it
  // holds. A load that fails is not kept: the next call tries again.
  let ranker: Promise<UncertaintyRanker> | null = null;
  const rankerOf = () =>
    (ranker ??= import('./uncertainty')
      .then(({ UncertaintyRanker }) => new UncertaintyRanker(ws))
      .catch((e: unknown) => {
        ranker = null;
        throw e;
      }));
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
    getEpisodeLabels: ({ episodeId }) => labels.read(episodeId),
    labelFrames: ({ episodeId, keyframes, startFrame, endFrame }) =>
      labels.labelFrames(episodeId, keyframes, startFrame, endFrame),
    acceptPolicy: ({ episodeId, startFrame, endFrame }) =>
      labels.acceptPolicy(episodeId, startFrame, endFrame),
    clearLabels: ({ episodeId, startFrame, endFrame }) => labels.clear(episodeId, startFrame, endFrame),
    restoreLabels: ({ episodeId, span }) => labels.restore(episodeId, span),
    episodeUncertainty: async ({ episodeId }) => (await rankerOf()).episode(episodeId),
    startLiveRollout: (request) => {
      const run = runs.get(request.runId);
      if (run.iterations.length === 0)
        throw new StudioError('conflict', `${run.id} has no trained policy to roll out yet`);
      const job = runner.enqueue('dagger-live', `Live takeover: ${run.id} (${run.env})`, request);
      ws.audit.record({ action: 'dagger.live-start', target: job.id, episodeId: null, detail: request });
      return { jobId: job.id };
    },
    sendLiveInput: async ({ jobId, input }) => ({ delivered: await runner.sendInput(jobId, input) }),
    retrainDagger: ({ runId }) => {
      const run = runs.get(runId);
      // Each adds the run's next iteration: two at once would both claim the same one.
      const busy = ws.db
        .prepare(
          `SELECT id, kind, params FROM jobs WHERE state IN ('queued', 'running') AND kind IN ('dagger', 'dagger-retrain')`,
        )
        .all() as { id: string; kind: string; params: string }[];
      const blocking = busy.find((j) =>
        j.kind === 'dagger'
          ? j.id === run.jobId
          : (JSON.parse(j.params) as { runId: string }).runId === runId,
      );
      if (blocking)
        throw new StudioError(
          'conflict',
          `${runId} is still being ${blocking.kind === 'dagger' ? 'run' : 'retrained'} by job ${blocking.id}`,
        );
      const job = runner.enqueue('dagger-retrain', `Retrain ${run.id} on its labels (${run.env})`, { runId });
      ws.audit.record({
        action: 'dagger.retrain-queued',
        target: job.id,
        episodeId: null,
        detail: { run: runId },
      });
      return { jobId: job.id };
    },
  };
}
