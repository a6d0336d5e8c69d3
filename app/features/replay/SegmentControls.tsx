import { useNotices } from '../../components/Toast';
import type { EpisodePlayer } from './episodePlayer';
import { SegmentInspector } from './SegmentInspector';
import { Timeline } from './Timeline';
import { usePlayer } from './usePlayer';
import type { useSegments } from './useSegments';

export type Segments = ReturnType<typeof useSegments>;

/** The segment tools, the timeline with the segments, trim and marks, and the selected segment. */
export function SegmentControls(props: {
  player: EpisodePlayer;
  seg: Segments;
  canSplitEpisode: boolean;
  onSplitEpisode(): void;
}) {
  const { player, seg } = props;
  usePlayer(player, 'marks');
  const notices = useNotices();
  const trimIdle = async () => {
    const active = await seg.suggest();
    if (active) void seg.setTrim(active);
    else notices.info('No idle start or end found');
  };
  const mergeSelected = () => {
    const s = seg.selected;
    const next = s && seg.segments.find((x) => x.startNs >= s.startNs && x.id !== s.id);
    if (s && next) void seg.merge(s, next);
  };
  return (
    <>
      <div className="segment-tools">
        <button
          onClick={() => void seg.suggest()}
          data-testid="suggest"
          title="Propose boundaries from the data"
        >
          Suggest segments
        </button>
        <button onClick={() => void trimIdle()} data-testid="trim-idle" title="Trim the idle start and end">
          Trim idle
        </button>
        {seg.trim && (
          <button onClick={() => void seg.setTrim(null)} title="Show the whole episode again">
            Clear trim
          </button>
        )}
        <button
          onClick={props.onSplitEpisode}
          disabled={!props.canSplitEpisode}
          data-testid="split-episode"
          title="Cut the episode in two at the frame on screen (Shift+S); Ctrl+Z undoes"
        >
          Split episode here
        </button>
        <span className="muted" data-testid="segment-count">
          {seg.segments.length} segment{seg.segments.length === 1 ? '' : 's'}
        </span>
        <span className="muted hint">
          I/O mark in/out · drag on the lane to create · [ ] jump · Shift+S split episode · Ctrl+Z undo
        </span>
      </div>
      <Timeline
        clock={player.clock}
        durationNs={player.episode.durationNs}
        segments={seg.segments}
        suggestions={seg.suggestions}
        trim={seg.trim}
        inNs={player.marks.inNs}
        outNs={player.marks.outNs}
        selectedId={seg.selectedId}
        onSelect={seg.setSelectedId}
        onCreate={(span) => void seg.create(span)}
        onChange={(s, span) => void seg.update(s, span, 'move segment')}
        onTrim={(t) => void seg.setTrim(t)}
        onAccept={(s) => void seg.accept(s)}
        onDismiss={seg.dismiss}
      />
      {seg.selected && (
        <SegmentInspector
          segment={seg.selected}
          labels={seg.labels}
          onChange={(patch) => void seg.update(seg.selected!, patch)}
          onSplit={() => void seg.split(seg.selected!, player.timeNs)}
          onMerge={mergeSelected}
          onDelete={() => void seg.remove(seg.selected!)}
          onLoop={() => player.clock.setLoop({ startNs: seg.selected!.startNs, endNs: seg.selected!.endNs })}
        />
      )}
    </>
  );
}
