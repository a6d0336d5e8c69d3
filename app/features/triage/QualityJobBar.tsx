import type { Job, QualityReport } from '../../../src/common/api';

/** The quality job of this dataset: run or refresh it, its progress, and whether the scores are stale. */
export function QualityJobBar(props: {
  report: QualityReport | null;
  job: Job | null;
  starting: boolean;
  onRun(): void;
}) {
  const { report, job } = props;
  const running = job !== null && (job.state === 'running' || job.state === 'queued');
  const staleCount = report?.episodes.filter((e) => e.stale).length ?? 0;
  return (
    <div className="quality-job" data-testid="quality-job">
      <button
        className="primary"
        disabled={running || props.starting}
        onClick={props.onRun}
        data-testid="run-quality"
        title="Compute the signals of what changed since the last run"
      >
        {report?.computedAt ? 'Refresh scores' : 'Compute scores'}
      </button>
      {running && (
        <>
          <progress value={job.progress ?? undefined} max={1} data-testid="quality-progress" />
          <span className="muted">{job.message || job.state}</span>
        </>
      )}
      {job?.state === 'failed' && <span className="error-text">Quality failed: {job.error}</span>}
      {!running && report && (
        <span
          className={report.stale ? 'chip stale' : 'muted'}
          data-testid="quality-freshness"
          data-stale={report.stale ? '1' : '0'}
        >
          {report.computedAt === null
            ? 'not scored yet'
            : report.stale
              ? `stale: ${staleCount} episode${staleCount === 1 ? '' : 's'} changed`
              : `scored ${new Date(report.computedAt).toLocaleString()}`}
        </span>
      )}
    </div>
  );
}
