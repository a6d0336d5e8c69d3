import type { DaggerRun } from '../../../src/common/api';

const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * A run's iterations left to right: labelled frames (aggregated, and new in that iteration), the
 * evaluation's success with its 95% interval and the task's continuous score, drawn as bars.
 */
export function IterationTimeline({ run }: { run: DaggerRun }) {
  const top = Math.max(1, ...run.iterations.map((i) => i.labels));
  if (run.iterations.length === 0) return <p className="muted">No iteration has finished yet.</p>;
  return (
    <ol className="iteration-timeline" data-testid="iteration-timeline">
      {run.iterations.map((it) => (
        <li
          key={it.iteration}
          data-testid="iteration"
          data-iteration={it.iteration}
          data-labels={it.labels}
          title={`dataset version ${it.datasetVersion} · beta ${it.beta.toFixed(3)} · model ${it.model}`}
        >
          <div className="it-head">
            {it.iteration === 0
              ? 'demos'
              : it.visitedFrames === 0
                ? `retrain ${it.iteration}`
                : `iter ${it.iteration}`}
          </div>
          <div className="it-bars">
            <div className="it-bar labels" style={{ height: `${(100 * it.labels) / top}%` }} />
            <div className="it-bar score" style={{ height: pct(it.score) }} />
            <div className="it-bar success" style={{ height: pct(it.successRate) }} />
          </div>
          <div className="it-figures">
            <span data-testid="iteration-labels">
              {it.labels} labels (+{it.newLabels})
            </span>
            <span data-testid="iteration-success">
              success {pct(it.successRate)} ({pct(it.ci95[0])}–{pct(it.ci95[1])})
            </span>
            <span data-testid="iteration-score">score {it.score.toFixed(3)}</span>
          </div>
        </li>
      ))}
    </ol>
  );
}
