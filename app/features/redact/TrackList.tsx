import { useEffect, useSyncExternalStore } from 'react';
import type { RedactReview } from './redactReview';
import type { TrackThumbs } from './trackThumbs';
import { useReview } from './useReview';

/** Every track: its face, frame range and decision; click selects and shows it, ✓/✗ decide. */
export function TrackList({ review, thumbs }: { review: RedactReview; thumbs: TrackThumbs }) {
  useReview(review, 'tracks', 'selection');
  useSyncExternalStore(
    (changed) => thumbs.onDidChange(changed),
    () => thumbs.revision,
  );
  const selected = review.selectedId;
  useEffect(() => {
    if (selected) document.getElementById(`track-${selected}`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const tracks = review.tracks;
  if (tracks.length === 0)
    return (
      <div className="track-list empty" data-testid="track-list">
        {review.video
          ? 'No faces found. Draw a box (D) for a face the search missed.'
          : 'No face search has run on this video.'}
      </div>
    );
  return (
    <ol className="track-list" data-testid="track-list">
      {tracks.map((t, i) => {
        const url = thumbs.url(t.id);
        return (
          <li
            key={t.id}
            id={`track-${t.id}`}
            className={`track-row ${t.decision}${t.id === selected ? ' selected' : ''}`}
            data-testid="track-row"
            data-track-id={t.id}
            data-decision={t.decision}
            onClick={() => review.select(t.id, true)}
          >
            {url ? <img className="thumb" src={url} alt="" /> : <span className="thumb" />}
            <span className="track-text">
              <b>
                {t.origin === 'manual' ? 'Drawn' : 'Face'} {i + 1}
              </b>
              <span className="muted">
                frames {t.first}–{t.last}
                {t.keyframes.length > 0
                  ? ` · ${t.keyframes.length} key${t.keyframes.length === 1 ? '' : 's'}`
                  : ''}
              </span>
            </span>
            <span className={`chip decision ${t.decision}`}>{t.decision}</span>
            <button
              title="Approve: hide this face (A)"
              onClick={(e) => (e.stopPropagation(), void review.decide('approved', t.id))}
            >
              ✓
            </button>
            <button
              title="Reject: not a face (R)"
              onClick={(e) => (e.stopPropagation(), void review.decide('rejected', t.id))}
            >
              ✗
            </button>
          </li>
        );
      })}
    </ol>
  );
}
