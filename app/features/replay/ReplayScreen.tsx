import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { blobRef, type Episode } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { callKey, useCall } from '../../data';
import { useSplitEpisode } from './useSplitEpisode';
import { useStudio } from '../../state/studioContext';
import { useHistory } from '../../state/history';
import { PlaybackClock } from './clock';
import { frameAt } from './frames';
import { useReplayLayout } from './layout';
import { PlotPanel } from './PlotPanel';
import { followPlayhead, SharedRange } from './plotZoom';
import { ScenePanel } from './ScenePanel';
import { SegmentInspector } from './SegmentInspector';
import { rangeFetcher, SeriesSource } from './seriesSource';
import { Timeline } from './Timeline';
import { TransportBar } from './TransportBar';
import { useReplayKeys } from './useReplayKeys';
import { useSegments } from './useSegments';
import { VideoPanel } from './VideoPanel';
import { RigDialog } from '../rig/RigDialog';
import { TagEditor } from '../../components/TagEditor';
import { rigEdit } from '../rig/rigEdit';
import { useFrameTimes } from './useFrameTimes';
import { VideoElements } from './videoElements';
import { LIBRARY_HREF } from '../../router';
import './replay.css';

/** The replay screen of one episode: cameras, 3D and plots on one clock, and its segments. */
export function ReplayScreen({ episodeId, atNs }: { episodeId: string; atNs: number | null }) {
  const episode = useCall('getEpisode', { id: episodeId }, { inline: true });
  if (episode.data)
    return <Replay key={episode.data.id} live={episode.data} startNs={atNs} stale={episode.error} />;
  if (!episode.error) return <div className="center-message">Opening episode…</div>;
  return (
    <div className="center-message" data-testid="replay-error">
      <p>Cannot open this episode: {episode.error.message}</p>
      <a href={LIBRARY_HREF}>Back to the library</a>
    </div>
  );
}

/** `stale`: reading the episode again failed; what is shown is the episode as last read. */
function Replay({ live, startNs, stale }: { live: Episode; startNs: number | null; stale: Error | null }) {
  const client = useStudio();
  const notices = useNotices();
  // Playback keeps the episode as opened while only its tags or visibility change on a refetch
  // (a refetch keeps unchanged parts, such as the streams, as they were).
  const episode = useMemo(() => live, [live.id, live.durationNs, live.streamDetails]);
  const clock = useMemo(() => {
    const c = new PlaybackClock(episode.durationNs);
    if (startNs) c.seek(startNs);
    return c;
    // The start time counts when the episode opens, not when the address changes later.
  }, [episode]);
  useEffect(() => () => clock.dispose(), [clock]);
  // Every plot shows the same stretch of time: zooming one zooms all.
  const timeRange = useMemo(() => {
    const end = Math.max(episode.durationNs / 1e9, 1e-3);
    return new SharedRange({ min: 0, max: end }, Math.min(1e-3, end));
  }, [episode]);
  // While playing, zoomed plots page along with the playhead.
  useEffect(
    () =>
      clock.onDidChange(() => {
        if (!clock.playing) return;
        const next = followPlayhead(timeRange.range, clock.timeNs / 1e9, clock.rate >= 0);
        if (next) timeRange.set(next);
      }),
    [clock, timeRange],
  );
  const [layout, setLayout] = useReplayLayout();
  const cameras = episode.streamDetails.filter((s) => s.kind === 'video');
  const series = episode.streamDetails.filter((s) => s.kind === 'series');
  const sources = useMemo(() => {
    const fetchRange = rangeFetcher((h) => client.mediaUrl(blobRef(h)));
    const all = episode.streamDetails.filter((s) => s.kind === 'series');
    return new Map(all.map((s) => [s.name, new SeriesSource(s, fetchRange)]));
  }, [client, episode]);
  // By default plot what the robot observed and was told to do.
  const rank = (name: string) => (name === 'observation.state' ? 0 : name === 'action' ? 1 : 2);
  const defaultPlots = [...series].sort((a, b) => rank(a.name) - rank(b.name)).slice(0, 2);
  const plots = (layout.plots ?? defaultPlots.map((s) => s.name)).filter((n) => sources.has(n));
  // The 3D view needs joint states or a mounted camera; a 2D task (PushT, lane keeping) has neither.
  const rig = useCall('getRig', { episodeId: episode.id }).data ?? null;
  const queries = useQueryClient();
  const [rigOpen, setRigOpen] = useState(false);
  const history = useHistory();
  const hasJoints =
    rig !== null &&
    (Object.keys(rig.jointColumns).length > 0 ||
      Object.keys(rig.cameras).length > 0 ||
      rig.objects.length > 0);
  const showScene = layout.scene && hasJoints;
  const videos = useMemo(() => new VideoElements(), []);
  const shownCameras = cameras.filter((c) => !layout.hiddenCameras.includes(c.name));

  const seg = useSegments(episode.id);
  const [inNs, setIn] = useState<number | null>(null);
  const [outNs, setOut] = useState<number | null>(null);

  // Frame steps and the readout follow the first camera, else the first series.
  const frameTimes = useFrameTimes((cameras[0] ?? series[0])?.timestampsBlob);

  const splitEpisode = useSplitEpisode(live, clock, frameTimes);

  const stateRef = useRef({ seg, inNs, frameTimes });
  stateRef.current = { seg, inNs, frameTimes };

  const step = (n: number) => {
    clock.pause();
    const times = stateRef.current.frameTimes;
    if (!times || times.length === 0) return clock.seek(clock.timeNs + n * 33_333_333);
    const i = Math.min(times.length - 1, Math.max(0, frameAt(times, clock.timeNs) + n));
    clock.seek(times[i]!);
  };
  const loopSelection = () => {
    const s = stateRef.current.seg.selected;
    if (clock.loop) clock.setLoop(null);
    else if (s) clock.setLoop({ startNs: s.startNs, endNs: s.endNs });
    else if (inNs !== null && outNs !== null) clock.setLoop({ startNs: inNs, endNs: outNs });
    else if (seg.trim) clock.setLoop(seg.trim);
  };

  useReplayKeys({
    toggle: () => clock.toggle(),
    step,
    shuttle: (dir) => {
      if (dir === 0) {
        clock.pause();
        clock.setRate(1);
        return;
      }
      const r = clock.rate;
      clock.setRate(clock.playing && Math.sign(r) === dir ? r * 2 : dir);
      clock.play();
    },
    markIn: () => setIn(clock.timeNs),
    markOut: () => {
      const start = stateRef.current.inNs;
      const end = clock.timeNs;
      setOut(end);
      if (start !== null && end > start) {
        void seg.create({ startNs: start, endNs: end });
        setIn(null);
        setOut(null);
      }
    },
    jumpSegment: (dir) => {
      const t = clock.timeNs;
      // Segment edges, the trim and the in/out marks are the places worth jumping to.
      const { inNs: markIn } = stateRef.current;
      const marks = [markIn, outNs, seg.trim?.startNs, seg.trim?.endNs].filter((m): m is number => m != null);
      const edges = [...new Set([...seg.segments.flatMap((s) => [s.startNs, s.endNs]), ...marks])].sort(
        (a, b) => a - b,
      );
      const target = dir > 0 ? edges.find((e) => e > t + 1e6) : edges.reverse().find((e) => e < t - 1e6);
      if (target !== undefined) clock.seek(target);
    },
    toggleLoop: loopSelection,
    split: () => {
      const s = seg.selected;
      if (s && clock.timeNs > s.startNs && clock.timeNs < s.endNs) void seg.split(s, clock.timeNs);
    },
    merge: () => {
      const s = seg.selected;
      const next = s && seg.segments.find((x) => x.startNs >= s.startNs && x.id !== s.id);
      if (s && next) void seg.merge(s, next);
    },
    remove: () => seg.selected && void seg.remove(seg.selected),
    splitEpisode: () => !live.hidden && void splitEpisode(),
    undo: () => void seg.undo(),
    redo: () => void seg.redo(),
    escape: () => {
      seg.setSelectedId(null);
      setIn(null);
      setOut(null);
    },
  });

  const trimIdle = async () => {
    const active = await seg.suggest();
    if (active) void seg.setTrim(active);
    else notices.info('No idle start or end found');
  };

  return (
    <div className="replay" data-testid="replay">
      <header className="topbar">
        <a className="back" href={LIBRARY_HREF} data-testid="back-to-library">
          ← Library
        </a>
        <div className="brand">
          {episode.name} <span className="workspace">{episode.dataset}</span>
        </div>
        <TagEditor episodeId={live.id} episodeName={live.name} tags={live.tags} undo={history.stack} />
        <div className="layout-toggles" data-testid="layout">
          {cameras.map((c) => (
            <label key={c.name}>
              <input
                type="checkbox"
                checked={!layout.hiddenCameras.includes(c.name)}
                onChange={(e) =>
                  setLayout({
                    hiddenCameras: e.target.checked
                      ? layout.hiddenCameras.filter((n) => n !== c.name)
                      : [...layout.hiddenCameras, c.name],
                  })
                }
              />
              {c.name}
            </label>
          ))}
          {series.map((s) => (
            <label key={s.name}>
              <input
                type="checkbox"
                checked={plots.includes(s.name)}
                onChange={(e) =>
                  setLayout({
                    plots: e.target.checked ? [...plots, s.name] : plots.filter((n) => n !== s.name),
                  })
                }
              />
              plot {s.name}
            </label>
          ))}
          <label
            title={hasJoints ? '' : 'No series stream has the robot’s joint names: map them with “Robot…”'}
          >
            <input
              type="checkbox"
              checked={showScene}
              disabled={!hasJoints}
              onChange={(e) => setLayout({ scene: e.target.checked })}
            />
            3D
          </label>
          {!showScene && rig && (
            <button
              onClick={() => setRigOpen(true)}
              data-testid="open-rig"
              title="Robot, joint columns and cameras"
            >
              Robot…
            </button>
          )}
        </div>
      </header>
      {stale && (
        <div className="banner warning" data-testid="replay-stale">
          Cannot read this episode again: {stale.message}
        </div>
      )}
      {live.hidden && (
        <div className="banner warning" data-testid="hidden-banner">
          A split or merge replaced this episode: it is kept unchanged, but no list shows it any more.
        </div>
      )}
      <div className="replay-body">
        <div className="stage" data-count={shownCameras.length + (showScene ? 1 : 0)}>
          {shownCameras.map((c) => (
            <VideoPanel key={c.id} stream={c} clock={clock} videos={videos} />
          ))}
          {showScene && rig && (
            <ScenePanel
              episode={episode}
              rig={rig}
              clock={clock}
              sources={sources}
              videos={videos}
              onEditRig={() => setRigOpen(true)}
            />
          )}
        </div>
        {plots.length > 0 && (
          <div className="plots">
            {plots.map((name) => (
              <PlotPanel
                key={name}
                source={sources.get(name)!}
                clock={clock}
                timeRange={timeRange}
                height={130}
                velocity={layout.velocityPlots.includes(name)}
                onVelocity={(on) =>
                  setLayout({
                    velocityPlots: on
                      ? [...layout.velocityPlots, name]
                      : layout.velocityPlots.filter((n) => n !== name),
                  })
                }
              />
            ))}
          </div>
        )}
      </div>
      <div className="replay-controls">
        <TransportBar clock={clock} frameTimes={frameTimes} onStep={step} onToggleLoop={loopSelection} />
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
            onClick={() => void splitEpisode()}
            disabled={live.hidden}
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
          clock={clock}
          durationNs={episode.durationNs}
          segments={seg.segments}
          suggestions={seg.suggestions}
          trim={seg.trim}
          inNs={inNs}
          outNs={outNs}
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
            onSplit={() => void seg.split(seg.selected!, clock.timeNs)}
            onMerge={() => {
              const s = seg.selected!;
              const next = seg.segments.find((x) => x.startNs >= s.startNs && x.id !== s.id);
              if (next) void seg.merge(s, next);
            }}
            onDelete={() => void seg.remove(seg.selected!)}
            onLoop={() => clock.setLoop({ startNs: seg.selected!.startNs, endNs: seg.selected!.endNs })}
          />
        )}
      </div>
      {rigOpen && rig && (
        <RigDialog
          episode={episode}
          rig={rig}
          onClose={() => setRigOpen(false)}
          onSaved={(next) => {
            history.stack.push(rigEdit(client, episode.id, episode.dataset, rig, next));
            queries.setQueryData(callKey('getRig', { episodeId: episode.id }), next);
            setRigOpen(false);
            if (
              Object.keys(next.jointColumns).length > 0 ||
              Object.keys(next.cameras).length > 0 ||
              next.objects.length > 0
            )
              setLayout({ scene: true });
            notices.info(`Saved the rig of ${episode.dataset}`);
          }}
        />
      )}
    </div>
  );
}
