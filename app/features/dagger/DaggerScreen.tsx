import type { DaggerRun, WorkspaceInfo } from '../../../src/common/api';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useCall } from '../../data';
import { daggerHref } from '../../router';
import { DaggerRunView } from './DaggerRunView';
import { IterationTimeline } from './IterationTimeline';
import './dagger.css';

/** `#/dagger`: the DAgger runs with their iterations; `#/dagger/<run>` labels one run's rollouts. */
export function DaggerScreen({
  info,
  runId,
  episodeId,
}: {
  info: WorkspaceInfo;
  runId: string | null;
  episodeId: string | null;
}) {
  return (
    <div className="dagger" data-testid="dagger-screen">
      <ScreenHeader info={info} active="dagger" />
      {runId === null ? <RunList /> : <DaggerRunView runId={runId} episodeId={episodeId} />}
    </div>
  );
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function RunList() {
  const runs = useCall('listDaggerRuns', {});
  if (runs.isPending) return <div className="center-message">Reading the DAgger runs…</div>;
  const list: DaggerRun[] = runs.data ?? [];
  return (
    <div className="dagger-runs" data-testid="dagger-runs">
      <h2>DAgger runs</h2>
      <p className="muted">
        Each iteration: <span className="legend-labels">labelled frames</span> ·{' '}
        <span className="legend-score">score</span> · <span className="legend-success">success</span>. Open a
        run to label its rollouts.
      </p>
      {list.length === 0 && (
        <p className="muted">
          No DAgger run yet. Start one with <code>mimic dagger &lt;workspace&gt; --env lane …</code>.
        </p>
      )}
      {list.map((run) => (
        <section key={run.id} className="dagger-run-card" data-testid="dagger-run" data-run={run.id}>
          <header>
            <a href={daggerHref(run.id)} data-testid="open-run">
              {run.id}
            </a>
            <span className="chip">{run.env}</span>
            <span className="muted">
              {plural(run.config.iterations, 'iteration')} × {plural(run.config.rollouts, 'rollout')} · select{' '}
              {run.config.select}
              {run.config.budget ? ` (${run.config.budget} a round)` : ''} · by {run.createdBy} ·{' '}
              {new Date(run.createdAt).toLocaleString()}
            </span>
          </header>
          <IterationTimeline run={run} />
        </section>
      ))}
    </div>
  );
}
