import type { EpisodePlayer } from './episodePlayer';
import type { Segments } from './SegmentControls';
import type { ReplayKeys } from './useReplayKeys';

/** The replay screen's key commands: playback goes to the player, segment edits to `seg`. */
export function replayCommands(
  player: EpisodePlayer,
  seg: Segments,
  splitEpisode: (() => void) | null,
): ReplayKeys {
  const selected = seg.selected;
  return {
    toggle: () => player.toggle(),
    step: (n) => player.step(n),
    holdStep: (dir) => player.holdStep(dir),
    stopHold: () => player.stopHold(),
    shuttle: (dir) => player.shuttle(dir),
    markIn: () => player.markIn(),
    markOut: () => {
      const span = player.markOut();
      if (span) void seg.create(span);
    },
    jumpSegment: (dir) => {
      const edges = seg.segments.flatMap((s) => [s.startNs, s.endNs]);
      if (seg.trim) edges.push(seg.trim.startNs, seg.trim.endNs);
      player.jump(dir, edges);
    },
    toggleLoop: () => player.toggleLoop(selected, seg.trim),
    split: () => {
      const t = player.timeNs;
      if (selected && t > selected.startNs && t < selected.endNs) void seg.split(selected, t);
    },
    merge: () => {
      const next =
        selected && seg.segments.find((x) => x.startNs >= selected.startNs && x.id !== selected.id);
      if (selected && next) void seg.merge(selected, next);
    },
    remove: () => selected && void seg.remove(selected),
    splitEpisode: () => splitEpisode?.(),
    undo: () => void seg.undo(),
    redo: () => void seg.redo(),
    escape: () => {
      seg.setSelectedId(null);
      player.clearMarks();
    },
  };
}
