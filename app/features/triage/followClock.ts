import type { PlaybackClock } from '../replay/clock';

/** Further apart than this while playing, the follower is put back on the leader's time. */
const DRIFT_NS = 40_000_000;

/**
 * Keeps `follower` on `leader`'s time plus `offsetNs` (two episodes compared from their spans'
 * starts): seeks, play, pause and rate follow at once; while both play, each advances on its own
 * frames and the follower is put back only when it drifts. Returns the function that stops it.
 */
export function followClock(leader: PlaybackClock, follower: PlaybackClock, offsetNs: number): () => void {
  const align = () => follower.seek(leader.timeNs + offsetNs);
  align();
  return leader.onDidChange((e) => {
    if (e.kind === 'seek') return align();
    if (e.kind === 'state') {
      follower.setRate(leader.rate);
      align();
      if (leader.playing) follower.play();
      else follower.pause();
      return;
    }
    if (Math.abs(follower.timeNs - (leader.timeNs + offsetNs)) > DRIFT_NS) align();
  });
}
