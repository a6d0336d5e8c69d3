import { useEffect, useState } from 'react';
import type { Job } from '../../../src/common/api';
import { useCall, useCallMutation } from '../../data';
import { JobLogDialog } from './JobLogDialog';

/** Running and recent jobs with progress and cancel; finished ones fade out after a while. */
export function JobsBar() {
  // The list stays current through the jobUpdated events (app/data/events.ts).
  const jobs = useCall('listJobs', { limit: 20 }).data ?? [];
  const cancel = useCallMutation('cancelJob');
  const [logOf, setLogOf] = useState<Job | null>(null);

  const finishedAt = (j: Job) => (j.finishedAt ? Date.parse(j.finishedAt) : Infinity);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 2000);
    return () => clearInterval(t);
  }, []);
  const visible = jobs.filter((j) => now - finishedAt(j) < (j.state === 'failed' ? 60_000 : 8000));
  if (visible.length === 0) return null;

  return (
    <footer className="jobs" data-testid="jobs-bar">
      {visible.map((j) => (
        <div
          key={j.id}
          className={`job ${j.state}${j.state === 'succeeded' && / [1-9]\d* failed/.test(j.message) ? ' partial' : ''}`}
          data-testid="job"
          data-state={j.state}
        >
          <span className="job-title">{j.title}</span>
          <progress value={j.progress ?? undefined} max={1} />
          <span className="job-message">{j.state === 'failed' ? j.error : j.message}</span>
          {(j.state === 'failed' || (j.state === 'succeeded' && j.message.includes('failed'))) && (
            <button onClick={() => setLogOf(j)} data-testid="job-log-button">
              Details
            </button>
          )}
          {(j.state === 'running' || j.state === 'queued') && (
            <button onClick={() => cancel.mutate({ id: j.id })} data-testid="job-cancel">
              Cancel
            </button>
          )}
        </div>
      ))}
      {logOf && <JobLogDialog job={logOf} onClose={() => setLogOf(null)} />}
    </footer>
  );
}
