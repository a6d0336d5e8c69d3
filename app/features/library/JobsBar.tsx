import { useEffect, useState } from 'react';
import type { Job } from '../../../src/common/api';
import { useStudio, useStudioEvent } from '../../state/studioContext';
import { JobLogDialog } from './JobLogDialog';

/** Running and recent jobs with progress and cancel; finished ones fade out after a while. */
export function JobsBar() {
  const client = useStudio();
  const [jobs, setJobs] = useState<Map<string, Job>>(new Map());
  const [logOf, setLogOf] = useState<Job | null>(null);

  useEffect(() => {
    client.call('listJobs', { limit: 20 }).then(
      (list) =>
        setJobs(
          new Map(list.filter((j) => j.state === 'queued' || j.state === 'running').map((j) => [j.id, j])),
        ),
      () => {},
    );
  }, [client]);
  useStudioEvent('jobUpdated', (job) => setJobs((prev) => new Map(prev).set(job.id, job)));

  const finishedAt = (j: Job) => (j.finishedAt ? Date.parse(j.finishedAt) : Infinity);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 2000);
    return () => clearInterval(t);
  }, []);
  const visible = [...jobs.values()].filter(
    (j) => now - finishedAt(j) < (j.state === 'failed' ? 60_000 : 8000),
  );
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
            <button onClick={() => void client.call('cancelJob', { id: j.id }).catch(() => {})}>
              Cancel
            </button>
          )}
        </div>
      ))}
      {logOf && <JobLogDialog job={logOf} onClose={() => setLogOf(null)} />}
    </footer>
  );
}
