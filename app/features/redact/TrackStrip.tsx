import { useEffect, useRef } from 'react';
import type { RedactReview } from './redactReview';
import { useReview } from './useReview';

/** Where tracks live on the timeline (one lane per track) and the whole-frame spans; click seeks. */
export function TrackStrip({ review }: { review: RedactReview }) {
  useReview(review, 'tracks', 'selection', 'marks');
  const head = useRef<HTMLDivElement>(null);
  const { clock } = review.player;
  useEffect(() => {
    const show = () => {
      if (head.current) head.current.style.left = `${(100 * clock.timeNs) / Math.max(1, clock.duration)}%`;
    };
    show();
    return clock.onDidChange(show);
  }, [clock]);
  const pct = (frame: number) => (100 * review.timeOf(frame)) / Math.max(1, clock.duration);
  const tracks = review.tracks;
  const lanes = Math.max(1, tracks.length);
  const seek = (e: React.MouseEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    review.player.clock.pause();
    review.player.seek(((e.clientX - r.left) / r.width) * clock.duration);
  };
  return (
    <div className="track-strip" data-testid="track-strip" onClick={seek}>
      {(review.video?.spans ?? []).map((s) => (
        <div
          key={s.id}
          className="strip-span"
          data-testid="strip-span"
          style={{ left: `${pct(s.first)}%`, width: `${Math.max(0.3, pct(s.last) - pct(s.first))}%` }}
          title={`Whole frames ${s.first}–${s.last}`}
        />
      ))}
      {tracks.map((t, i) => (
        <div
          key={t.id}
          className={`strip-track ${t.decision}${t.id === review.selectedId ? ' selected' : ''}`}
          data-testid="strip-track"
          style={{
            left: `${pct(t.first)}%`,
            width: `${Math.max(0.3, pct(t.last) - pct(t.first))}%`,
            top: `${(100 * i) / lanes}%`,
            height: `${Math.max(8, 100 / lanes)}%`,
          }}
          title={`Frames ${t.first}–${t.last} · ${t.decision}`}
          onClick={(e) => {
            e.stopPropagation();
            review.select(t.id, true);
          }}
        />
      ))}
      {review.marked && (
        <div
          className="strip-marked"
          data-testid="strip-marked"
          style={{
            left: `${(100 * review.marked.startNs) / Math.max(1, clock.duration)}%`,
            width: `${(100 * (review.marked.endNs - review.marked.startNs)) / Math.max(1, clock.duration)}%`,
          }}
          title="Marked: W redacts these frames whole"
        />
      )}
      <div className="strip-head" ref={head} />
    </div>
  );
}
