import { useEffect, useState } from 'react';
import type { DaggerRun } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useCall, useCallMutation } from '../../data';
import { DAGGER_HREF, daggerHref } from '../../router';
import { IterationTimeline } from './IterationTimeline';
import { LabelingView } from './LabelingView';
import { LiveView } from './LiveView';

const RUN_JOBS = new Set(['dagger', 'dagger-retrain', 'dagger-live']);
const JOB_NAMES: Record<string, string> = {
  dagger: 'run',
  'dagger-retrain': 'retrain',
  'dagger-live': 'live',
};

/** One run: its iterations, its rollouts to label, the retrain button and its jobs; the chosen rollout opened for labelling. */
export function DaggerRunView({ runId, episodeId }: { runId: string; episodeId: string | null }) {
  const run = useCall('getDaggerRun', { id: runId }, { inline: true });
  const [live, setLive] = useState<string | null>(null);
  // Opening a rollout leaves the live view.
  useEffect(() => setLive(null), [episodeId]);
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
      <RunSidebar run={run.data} episodeId={episodeId} onLive={setLive} />
      <main className="dagger-label-area">
        {live ? (
          <LiveView key={live} runId={runId} jobId={live} env={run.data.env} />
        ) : episodeId ? (
          <LabelingView episodeId={episodeId} env={run.data.env} />
        ) : (
          <div className="center-message">Choose a rollout on the left to label it.</div>
        )}
      </main>
    </div>
  );
}

function RunSidebar(props: { run: DaggerRun; episodeId: string | null; onLive(jobId: string): void }) {
  const { run, episodeId } = props;
  const notices = useNotices();
  const live = useCallMutation('startLiveRollout', { onSuccess: ({ jobId }) => props.onLive(jobId) });
  const retrain = useCallMutation('retrainDagger', {
    onSuccess: () => notices.info('Retraining queued: it runs as a job and adds an iteration'),
  });
  const jobs = (useCall('listJobs', { limit: 100 }).data ?? []).filter(
    (j) => RUN_JOBS.has(j.kind) && (j.kind === 'dagger' ? j.id === run.jobId : j.title.includes(run.id)),
  );
  const imported = useCall('listImportedRollouts', { runId: run.id }).data ?? [];
  const rollouts = [
    ...run.iterations.flatMap((it) =>
      it.episodeIds.map((id, k) => ({
        id,
        iteration: it.iteration,
        source: 'sim',
        name: `${it.iteration === 0 ? 'demonstration' : `iteration ${it.iteration}`} · #${k}`,
      })),
    ),
    ...imported.map((r, k) => ({
      id: r.episodeId,
      iteration: r.iteration,
      source: 'import',
      name: `imported · iteration ${r.iteration} · #${k} (${r.policyVersion})`,
    })),
  ];
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
      <button
        data-testid="start-live"
        disabled={live.isPending || run.iterations.length === 0}
        onClick={() => live.mutate({ runId: run.id, seed: Date.now() % 100_000 })}
        title="HG-DAgger: the current policy drives live; take over when it goes wrong, and your driving becomes labels"
      >
        Live takeover…
      </button>
      <ul className="dagger-jobs" data-testid="dagger-jobs">
        {jobs.map((j) => (
          <li key={j.id} data-testid="dagger-job" data-kind={j.kind} data-state={j.state} className={j.state}>
            <span>{JOB_NAMES[j.kind]}</span> <b>{j.state}</b>{' '}
            <span className="muted">{j.error ?? j.message}</span>
            {j.kind === 'dagger-live' && j.state === 'running' && (
              <button className="link" onClick={() => props.onLive(j.id)}>
                watch
              </button>
            )}
            {j.kind === 'dagger-live' && j.state === 'succeeded' && (
              <a
                className="job-link"
                href={daggerHref(run.id, (j.result as { episodeId: string }).episodeId)}
                data-testid="live-rollout"
              >
                label it
              </a>
            )}
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
              data-source={r.source}
            >
              {r.name}
            </a>
          </li>
        ))}
      </ul>
    </aside>
  );
}
