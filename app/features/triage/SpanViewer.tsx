import { useEffect, useMemo, useRef } from 'react';
import type { Episode } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { episodeHref } from '../../router';
import { useStudio } from '../../state/studioContext';
import { EpisodePlayer, type Span } from '../replay/episodePlayer';
import { PlotPanel } from '../replay/PlotPanel';
import { TransportBar } from '../replay/TransportBar';
import { useOpenEpisode } from '../replay/useOpenEpisode';
import { usePlayer } from '../replay/usePlayer';
import { VideoPanel } from '../replay/VideoPanel';
import { followClock } from './followClock';
import '../replay/replay.css';

/** What to replay: an episode and the span of it to loop (a flag's, else the whole episode). */
export interface SpanView {
  episodeId: string;
  span: Span | null;
  label: string;
  /** Spans of one kind of flag to step through; `span` and `label` are those of `steps[step]`. */
  steps?: readonly { span: Span; label: string }[];
  step?: number;
}

/** The view `delta` spans on in its steps (kept within them); a view without steps stays as it is. */
export function stepView(view: SpanView, delta: number): SpanView {
  const steps = view.steps ?? [];
  if (steps.length < 2) return view;
  const step = Math.max(0, Math.min(steps.length - 1, (view.step ?? 0) + delta));
  return { ...view, ...steps[step]!, step };
}

/** A span made playable: at least half a second, inside the episode. */
export function playableSpan(span: Span | null, durationNs: number): Span {
  if (!span) return { startNs: 0, endNs: durationNs };
  let { startNs, endNs } = span;
  if (endNs - startNs < 5e8) {
    const mid = (startNs + endNs) / 2;
    startNs = mid - 2.5e8;
    endNs = mid + 2.5e8;
  }
  startNs = Math.max(0, startNs);
  endNs = Math.min(durationNs, Math.max(endNs, startNs + 1));
  return { startNs, endNs };
}

/**
 * One or two episodes in embedded players: the first loops its span; a second follows the first's
 * clock from its own span's start, so both show the same moment of their spans side by side.
 */
export function SpanViewer({
  views,
  onClose,
  onStep,
}: {
  views: readonly SpanView[];
  onClose(): void;
  /** Move through the first view's steps (shown when it has more than one). */
  onStep(delta: number): void;
}) {
  const a = useOpenEpisode(views[0]!.episodeId);
  const b = useOpenEpisode(views[1]?.episodeId ?? views[0]!.episodeId);
  const ready = a.data && (views.length < 2 || b.data);
  const error = a.error ?? (views.length > 1 ? b.error : null);
  return (
    <aside className="span-viewer" data-testid="span-viewer" data-count={views.length}>
      <div className="span-viewer-bar">
        <strong>{views.length > 1 ? 'Compare' : 'Replay'}</strong>
        {views.length === 1 && <SpanSteps view={views[0]!} onStep={onStep} />}
        <button onClick={onClose} data-testid="close-viewer" title="Close (Esc)">
          ×
        </button>
      </div>
      {error && <div className="error-text">Cannot open: {error.message}</div>}
      {ready && (
        <Players
          key={views.map((v) => v.episodeId).join(',')}
          views={views}
          episodes={views.length > 1 ? [a.data!.episode, b.data!.episode] : [a.data!.episode]}
        />
      )}
    </aside>
  );
}

/** ‹ n of N › through a flag kind's spans, with `[` and `]` as shortcuts. */
function SpanSteps({ view, onStep }: { view: SpanView; onStep(delta: number): void }) {
  const count = view.steps?.length ?? 0;
  if (count < 2) return null;
  const step = view.step ?? 0;
  return (
    <span className="span-steps">
      <button
        onClick={() => onStep(-1)}
        disabled={step === 0}
        data-testid="span-prev"
        title="Previous span ([)"
      >
        ‹
      </button>
      <span data-testid="span-step" data-step={step} data-count={count}>
        {step + 1} of {count}
      </span>
      <button
        onClick={() => onStep(1)}
        disabled={step === count - 1}
        data-testid="span-next"
        title="Next span (])"
      >
        ›
      </button>
    </span>
  );
}

function Players({ views, episodes }: { views: readonly SpanView[]; episodes: readonly Episode[] }) {
  const client = useStudio();
  const notices = useNotices();
  const players = useMemo(
    () =>
      episodes.map(
        (e) =>
          new EpisodePlayer(e, {
            mediaUrl: (r) => client.mediaUrl(r),
            onError: (err, w) => notices.error(err, w),
          }),
      ),
    // Opened episodes keep their identity while the viewer is open (`useOpenEpisode`).
    [client, episodes[0], episodes[1]],
  );
  const spans = players.map((p, i) => playableSpan(views[i]!.span, p.episode.durationNs));
  // Stepping to another span keeps the opened players and moves their loop.
  const spanKey = spans.map((s) => `${s.startNs}-${s.endNs}`).join(',');
  useEffect(() => {
    const [leader, follower] = players;
    leader!.clock.setLoop(spans[0]!);
    leader!.seek(spans[0]!.startNs);
    // The plots show the span with a little of what came before and after it.
    players.forEach((p, i) => {
      const { startNs, endNs } = spans[i]!;
      const pad = Math.max(0.5, (endNs - startNs) / 1e9 / 2);
      p.timeRange.set({
        min: Math.max(0, startNs / 1e9 - pad),
        max: Math.min(p.episode.durationNs / 1e9, endNs / 1e9 + pad),
      });
    });
    const stop = follower
      ? followClock(leader!.clock, follower.clock, spans[1]!.startNs - spans[0]!.startNs)
      : null;
    leader!.clock.play();
    return () => stop?.();
  }, [players, spanKey]);
  // Declared after the loop's effect so that its clean-up (unfollowing) runs before the players go.
  useEffect(() => () => players.forEach((p) => p.dispose()), [players]);
  const loop = spans[0]!;
  return (
    <>
      <div className="span-players" data-count={players.length}>
        {players.map((p, i) => (
          <PlayerView key={p.episode.id} player={p} view={views[i]!} span={spans[i]!} />
        ))}
      </div>
      <TransportBar player={players[0]!} onToggleLoop={() => players[0]!.toggleLoop(null, loop)} />
      <div
        className="muted span-readout"
        data-testid="span-loop"
        data-start-ns={Math.round(loop.startNs)}
        data-end-ns={Math.round(loop.endNs)}
      >
        Looping {(loop.startNs / 1e9).toFixed(2)}–{(loop.endNs / 1e9).toFixed(2)} s
        {players.length > 1 && ' · the second follows the first from its own span start'}
      </div>
    </>
  );
}

function PlayerView({ player, view, span }: { player: EpisodePlayer; view: SpanView; span: Span }) {
  usePlayer(player, 'layout');
  const plot = player.plots[0];
  const time = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const show = () => {
      const el = time.current;
      if (!el) return;
      el.textContent = `${(player.clock.timeNs / 1e9).toFixed(2)} s`;
      el.dataset.timeNs = String(player.clock.timeNs);
    };
    show();
    return player.clock.onDidChange(show);
  }, [player]);
  return (
    <div
      className="span-player"
      data-testid="span-player"
      data-episode={player.episode.id}
      data-span-start-ns={Math.round(span.startNs)}
    >
      <div className="span-player-title" title={`${player.episode.name}: ${view.label}`}>
        <a href={episodeHref(player.episode.id, span.startNs)} title="Open in the replay screen">
          {player.episode.name}
        </a>{' '}
        <span className="muted">{view.label}</span>
      </div>
      <span className="span-time muted" ref={time} data-testid="span-time" />
      {player.shownCameras.slice(0, 1).map((c) => (
        <VideoPanel key={c.id} stream={c} player={player} />
      ))}
      {plot && (
        <PlotPanel
          source={player.sources.get(plot)!}
          clock={player.clock}
          timeRange={player.timeRange}
          height={110}
          velocity={false}
          onVelocity={() => {}}
        />
      )}
    </div>
  );
}
