import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { RedactReview, ReviewEvent } from './redactReview';

/** Re-renders the calling panel when the review reports one of `kinds`. */
export function useReview(review: RedactReview, ...kinds: ReviewEvent[]): RedactReview {
  const key = kinds.join(',');
  const subscribe = useCallback(
    (changed: () => void) => review.onDidChange((e) => key.split(',').includes(e) && changed()),
    [review, key],
  );
  useSyncExternalStore(subscribe, () =>
    key
      .split(',')
      .map((k) => review.revision(k as ReviewEvent))
      .join(),
  );
  return review;
}

/** The file frame at the player's clock, kept current (null until the frame times arrive). */
export function useReviewFrame(review: RedactReview): number | null {
  const [frame, setFrame] = useState<number | null>(() => review.currentFrame());
  useEffect(() => {
    const update = () => {
      const f = review.currentFrame();
      setFrame(f);
      if (f !== null) review.follow(f);
    };
    update();
    const offTracks = review.onDidChange((e) => e === 'tracks' && update());
    const offClock = review.player.clock.onDidChange(update);
    return () => {
      offTracks();
      offClock();
    };
  }, [review]);
  return frame;
}
