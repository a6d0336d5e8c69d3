import { useEffect, useState } from 'react';
import type { Job } from '../../../src/common/api';
import { useStudio } from '../../state/studioContext';
import { Modal } from '../../components/Modal';

/** What a job said while it ran: every file it skipped or rejected, with the reason. */
export function JobLogDialog(props: { job: Job; onClose(): void }) {
  const client = useStudio();
  const [lines, setLines] = useState<{ at: string; level: string; line: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.call('jobLogs', { id: props.job.id }).then(setLines, (e: Error) => setError(e.message));
  }, [client, props.job.id]);
  return (
    <Modal label="Job log" heading={props.job.title} className="wide" onClose={props.onClose}>
      <p className="hint">
        {props.job.state}
        {props.job.error ? ` — ${props.job.error}` : ` — ${props.job.message}`}
      </p>
      {error && <p className="error-text">{error}</p>}
      <pre className="job-log" data-testid="job-log">
        {lines === null
          ? 'Loading…'
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
