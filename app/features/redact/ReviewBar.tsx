import { useEffect, useRef, useState } from 'react';
import type { Job } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useStudio } from '../../state/studioContext';
import type { RedactReview } from './redactReview';
import { useReview } from './useReview';

const STATUS_TEXT = {
  none: 'not searched',
  unreviewed: 'unreviewed',
  in_review: 'in review',
  approved: 'approved',
};

/** Progress (tracks decided of all), the episode's status, sign-off and the render with its job's progress. */
export function ReviewBar({ review }: { review: RedactReview }) {
  useReview(review, 'tracks', 'busy');
  const client = useStudio();
  const notices = useNotices();
  const [job, setJob] = useState<Job | null>(null);
  const [mode, setMode] = useState<'pixelate' | 'blur'>('pixelate');
  const [keepAudio, setKeepAudio] = useState(false);
  const episodeId = review.player.episode.id;
  // Render jobs' latest updates by id: an update may arrive before the call that queued it answers.
  const seen = useRef(new Map<string, Job>());
  const watched = useRef<string | null>(null);
  const onJob = (j: Job) => {
    setJob(j);
    if (j.state === 'succeeded') void review.reload().then(() => notices.info('Rendered the redacted copy'));
    if (j.state === 'failed') notices.error(new Error(j.error ?? 'failed'), 'render the redacted copy');
  };
  const onJobRef = useRef(onJob);
  onJobRef.current = onJob;
  useEffect(
    () =>
      client.on('jobUpdated', (j) => {
        if (j.kind !== 'redact-render') return;
        seen.current.set(j.id, j);
        if (j.id === watched.current) onJobRef.current(j);
      }),
    [client],
  );

  const approve = async () => {
    try {
      const r = await client.call('approveRedaction', { episodeId });
      await review.reload();
      notices.info(`Approved: ${r.approvedTracks} face track(s) will be hidden`);
    } catch (e) {
      notices.error(e, 'approve the episode');
    }
  };
  const render = async () => {
    try {
      const { jobId } = await client.call('renderRedacted', {
        episodeId,
        stream: review.camera.name,
        mode,
        keepAudio,
      });
      watched.current = jobId;
      const early = seen.current.get(jobId);
      if (early) onJob(early);
      else setJob({ id: jobId, kind: 'redact-render', state: 'queued', progress: 0 } as Job);
    } catch (e) {
      notices.error(e, 'render the redacted copy');
    }
  };

  const { decided, total } = review.progress;
  const version = review.video?.version ?? null;
  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  return (
    <div className="review-bar" data-testid="review-bar">
      <span className="progress" data-testid="redact-progress" data-decided={decided} data-total={total}>
        <progress max={Math.max(1, total)} value={decided} /> {decided} / {total} tracks decided
      </span>
      <span
        className={`chip status ${review.status}`}
        data-testid="redaction-status"
        data-status={review.status}
      >
        {STATUS_TEXT[review.status]}
      </span>
      {review.pending > 0 && <span className="muted">saving…</span>}
      <button
        className="primary"
        data-testid="approve-episode"
        disabled={review.status === 'approved' || review.status === 'none' || decided < total}
        title={decided < total ? 'Decide every track first' : 'Sign the review off under your name'}
        onClick={() => void approve()}
      >
        Approve episode
      </button>
      <select
        value={mode}
        onChange={(e) => setMode(e.target.value as 'pixelate' | 'blur')}
        aria-label="How faces are hidden"
        data-testid="render-mode"
      >
        <option value="pixelate">pixelate</option>
        <option value="blur">blur</option>
      </select>
      <label title="Audio is dropped unless kept">
        <input type="checkbox" checked={keepAudio} onChange={(e) => setKeepAudio(e.target.checked)} /> keep
        audio
      </label>
      <button
        data-testid="render-redacted"
        disabled={review.status !== 'approved' || running}
        title="Render a copy with the approved faces and whole-frame spans hidden"
        onClick={() => void render()}
      >
        Render redacted copy
      </button>
      {job && (
        <span className="muted" data-testid="render-progress" data-state={job.state}>
          {running ? `rendering ${Math.round((job.progress ?? 0) * 100)}%` : job.state}
        </span>
      )}
      {version && (
        <span className="muted" data-testid="redacted-version" data-current={version.current ? '1' : '0'}>
          copy of {new Date(version.createdAt).toLocaleString()}
          {version.current ? '' : ' (review changed since)'}
        </span>
      )}
    </div>
  );
}
