import { useCall } from '../../data';
import { redactHref } from '../../router';

const TEXT = {
  none: 'faces not searched',
  unreviewed: 'faces unreviewed',
  in_review: 'faces in review',
  approved: 'faces approved',
};

/** The episode's privacy review status and the way to its review screen. */
export function RedactionNote({ episodeId, hasVideo }: { episodeId: string; hasVideo: boolean }) {
  const statuses = useCall(
    'redactionStatuses',
    { episodeIds: [episodeId] },
    { enabled: hasVideo, staleTime: 0 },
  );
  if (!hasVideo) return null;
  const s = statuses.data?.[0];
  return (
    <p className="redaction-note">
      {s && (
        <span className={`chip status ${s.status}`} data-testid="redaction-badge" data-status={s.status}>
          {TEXT[s.status]}
          {s.pendingTracks > 0 ? ` · ${s.pendingTracks} pending` : ''}
        </span>
      )}{' '}
      <a className="button" href={redactHref(episodeId)} data-testid="review-faces">
        Review faces
      </a>
    </p>
  );
}
