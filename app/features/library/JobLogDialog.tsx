import type { Job } from '../../../src/common/api';
import { Modal } from '../../components/Modal';
import { useCall } from '../../data';

/** What a job said while it ran: every file it skipped or rejected, with the reason. */
export function JobLogDialog(props: { job: Job; onClose(): void }) {
  const log = useCall('jobLogs', { id: props.job.id }, { inline: true });
  const lines = log.data;
  return (
    <Modal label="Job log" heading={props.job.title} className="wide" onClose={props.onClose}>
      <p className="hint">
        {props.job.state}
        {props.job.error ? ` — ${props.job.error}` : ` — ${props.job.message}`}
      </p>
      {log.error && <p className="error-text">{log.error.message}</p>}
      <pre className="job-log" data-testid="job-log">
        {!lines
          ? log.error
            ? ''
            : 'Loading…'
          : lines.length === 0
            ? 'Nothing was logged.'
            : lines.map((l) => `${l.at.slice(11, 19)}  ${l.level.padEnd(5)}  ${l.line}`).join('\n')}
      </pre>
      <div className="modal-actions">
        <button onClick={props.onClose}>Close</button>
      </div>
    </Modal>
  );
}
