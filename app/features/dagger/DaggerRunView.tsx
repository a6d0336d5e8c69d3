import type { DaggerRun } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useCall, useCallMutation } from '../../data';
import { DAGGER_HREF, daggerHref } from '../../router';
import { IterationTimeline } from './IterationTimeline';
import { LabelingView } from './LabelingView';

const RUN_JOBS = new Set(['dagger', 'dagger-retrain']);

/** One run: its iterations, its rollouts to label, the retrain button and its jobs; the chosen rollout opened for labelling. */
export function DaggerRunView({ runId, episodeId }: { runId: string; episodeId: string | null }) {
  const run = useCall('getDaggerRun', { id: runId }, { inline: true });
  if (run.error)
    return (
      <div className="center-message" data-testid="dagger-run-error">
        <p>
          Cannot open DAgger run {runId}: {run.error.message}
        </p>
        <a href={DAGGER_HREF}>All DAgger runs</a>
      </div>
    );
  if (!run.data) return <div className="center-message">Opening the run…</div>;
  return (
    <div className="dagger-run" data-testid="dagger-run-view" data-run={runId}>
      <RunSidebar run={run.data} episodeId={episodeId} />
      <main className="dagger-label-area">
        {episodeId ? (
          <LabelingView episodeId={episodeId} env={run.data.env} />
        ) : (
          <div className="center-message">Choose a rollout on the left to label it.</div>
        )}
      </main>
    </div>
  );
}

function RunSidebar({ run, episodeId }: { run: DaggerRun; episodeId: string | null }) {
  const notices = useNotices();
  const retrain = useCallMutation('retrainDagger', {
    onSuccess: () => notices.info('Retraining queued: it runs as a job and adds an iteration'),
  });
  const jobs = (useCall('listJobs', { limit: 100 }).data ?? []).filter(
    (j) => RUN_JOBS.has(j.kind) && (j.kind === 'dagger' ? j.id === run.jobId : j.title.includes(run.id)),
  );
  const rollouts = run.iterations.flatMap((it) =>
    it.episodeIds.map((id, k) => ({ id, iteration: it.iteration, index: k })),
  );
  return (
    <aside className="dagger-sidebar">
      <a href={DAGGER_HREF} className="muted">
        ← All DAgger runs
      </a>
      <h2>
        {run.id} <span className="chip">{run.env}</span>
      </h2>
      <IterationTimeline run={run} />
      <button
        className="primary"
        data-testid="retrain"
        disabled={retrain.isPending}
        onClick={() => retrain.mutate({ runId: run.id })}
        title="Aggregate every label of the run (with your edits), retrain and evaluate: a new iteration"
      >
        Retrain with labels
      </button>
      <ul className="dagger-jobs" data-testid="dagger-jobs">
        {jobs.map((j) => (
          <li key={j.id} data-testid="dagger-job" data-kind={j.kind} data-state={j.state} className={j.state}>
            <span>{j.kind === 'dagger' ? 'run' : 'retrain'}</span> <b>{j.state}</b>{' '}
            <span className="muted">{j.error ?? j.message}</span>
          </li>
        ))}
      </ul>
      <h3>Rollouts</h3>
      <ul className="rollout-list" data-testid="rollout-list">
        {rollouts.map((r) => (
          <li key={r.id} className={r.id === episodeId ? 'active' : undefined}>
            <a
              href={daggerHref(run.id, r.id)}
              data-testid="rollout"
              data-episode={r.id}
              data-iteration={r.iteration}
            >
              {r.iteration === 0 ? 'demonstration' : `iteration ${r.iteration}`} · #{r.index}
            </a>
          </li>
        ))}
      </ul>
    </aside>
  );
}
