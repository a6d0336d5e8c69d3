import type { Nanoseconds } from '../../../src/common/ids';
import { blobRef, type Episode, type MediaRef, type Rig, type Stream } from '../../../src/common/api';
import { PlaybackClock } from './clock';
import { frameAt, frameInterval, parseTimestamps } from './frames';
import { readLayout, writeLayout, type ReplayLayout } from './layout';
import { followPlayhead, SharedRange } from './plotZoom';
import { rangeFetcher, SeriesSource } from './seriesSource';
import { DecodeScheduler } from './frameSource';
import { StillFrames, StillsUnavailable } from './stillFrames';
import { VideoElements } from './videoElements';
import { VideoSync } from './videoSync';

export type Span = { startNs: number; endNs: number };

/** What changed besides the time (the time comes from `clock.onDidChange`). */
export type PlayerEvent =
  | { kind: 'layout' }
  | { kind: 'marks' }
  | { kind: 'rig' }
  /** The frame times of the stream that steps and the readout follow have arrived. */
  | { kind: 'frameTimes' }
  /** Frames a camera skipped while playing because decoding fell behind the clock. */
  | { kind: 'dropped'; total: number };

export interface PlayerHost {
  mediaUrl(ref: MediaRef): string;
  /** A failure the player cannot show in a panel: the screen toasts and logs it. */
  onError(error: unknown, what: string): void;
}

/** Where a camera's still frames are drawn: a canvas laid over its <video>, and the file's URL. */
export interface StillTarget {
  canvas: HTMLCanvasElement;
  url: string;
}

// A step without frame times (no camera and no series stream) moves one 30 fps frame.
const FALLBACK_FRAME_NS = 33_333_333;

/**
 * One episode's playback outside React: the clock, the camera elements held on it, the series
 * windows, each stream's frame times (read once), the rig, the layout and the in/out marks, with
 * commands and typed events. The replay screen lays out panels around it; other screens can embed
 * the same player. `dispose()` releases the clock, the video syncs and the listeners.
 */
export class EpisodePlayer {
  readonly clock: PlaybackClock;
  readonly cameras: readonly Stream[];
  readonly series: readonly Stream[];
  readonly sources: ReadonlyMap<string, SeriesSource>;
  /** Every plot shows the same stretch of time: zooming one zooms all. */
  readonly timeRange: SharedRange;
  /** The camera elements by stream name, so the 3D view can show a camera's live image. */
  readonly videos = new VideoElements();
  private layoutValue: ReplayLayout;
  private rigValue: Rig | null = null;
  private marksValue: { inNs: number | null; outNs: number | null } = { inNs: null, outNs: null };
  private primaryTimes: Float64Array | null = null;
  private dropped = 0;
  /** A held step key: the rate to go back to (forwards, playing) or the animation frame (backwards). */
  private held: { rate: number | null; raf: number } | null = null;
  private readonly times = new Map<string, Promise<Float64Array>>();
  private readonly syncs = new Set<VideoSync>();
  /** One decoder queue for all cameras: every camera's seek before any camera's decode-ahead. */
  private readonly decodes = new DecodeScheduler();
  private readonly listeners = new Set<(e: PlayerEvent) => void>();
  private readonly revisions = new Map<PlayerEvent['kind'], number>();
  private readonly offClock: () => void;
  private disposed = false;

  constructor(
    readonly episode: Episode,
    private readonly host: PlayerHost,
    startNs: number | null = null,
  ) {
    this.clock = new PlaybackClock(episode.durationNs);
    if (startNs) this.clock.seek(startNs);
    this.cameras = episode.streamDetails.filter((s) => s.kind === 'video');
    this.series = episode.streamDetails.filter((s) => s.kind === 'series');
    const fetchRange = rangeFetcher((h) => host.mediaUrl(blobRef(h)));
    this.sources = new Map(this.series.map((s) => [s.name, new SeriesSource(s, fetchRange)]));
    const end = Math.max(episode.durationNs / 1e9, 1e-3);
    this.timeRange = new SharedRange({ min: 0, max: end }, Math.min(1e-3, end));
    this.layoutValue = readLayout();
    // While playing, zoomed plots page along with the playhead.
    this.offClock = this.clock.onDidChange(() => {
      if (!this.clock.playing) return;
      const next = followPlayhead(this.timeRange.range, this.clock.timeNs / 1e9, this.clock.rate >= 0);
      if (next) this.timeRange.set(next);
    });
    // Frame steps and the readout follow the first camera, else the first series.
    const primary = this.cameras[0] ?? this.series[0];
    if (primary)
      this.frameTimes(primary)
        .then((t) => {
          if (this.disposed) return;
          this.primaryTimes = t;
          this.emit({ kind: 'frameTimes' });
        })
        .catch((e: unknown) => !this.disposed && host.onError(e, `read the frame times of ${primary.name}`));
  }

  // --- state ---------------------------------------------------------------------------------

  get timeNs(): Nanoseconds {
    return this.clock.timeNs;
  }
  /** Frame times of the stream that steps and the readout follow; null until read. */
  get stepTimes(): Float64Array | null {
    return this.primaryTimes;
  }
  get layout(): ReplayLayout {
    return this.layoutValue;
  }
  get rig(): Rig | null {
    return this.rigValue;
  }
  get marks(): { inNs: number | null; outNs: number | null } {
    return this.marksValue;
  }
  /** Frames skipped by the cameras while playing, summed over cameras, since the episode opened. */
  get droppedFrames(): number {
    return this.dropped;
  }
  get shownCameras(): Stream[] {
    return this.cameras.filter((c) => !this.layoutValue.hiddenCameras.includes(c.name));
  }
  /** The plotted series: the layout's choice, else what the robot observed and was told to do. */
  get plots(): string[] {
    const rank = (name: string) => (name === 'observation.state' ? 0 : name === 'action' ? 1 : 2);
    const defaults = [...this.series].sort((a, b) => rank(a.name) - rank(b.name)).slice(0, 2);
    return (this.layoutValue.plots ?? defaults.map((s) => s.name)).filter((n) => this.sources.has(n));
  }
  /** The 3D view needs joint columns, a mounted camera or an object; a 2D task has none. */
  get hasScene(): boolean {
    const r = this.rigValue;
    return (
      r !== null &&
      (Object.keys(r.jointColumns).length > 0 || Object.keys(r.cameras).length > 0 || r.objects.length > 0)
    );
  }
  get showScene(): boolean {
    return this.layoutValue.scene && this.hasScene;
  }

  /** How many times `kind` was reported: a snapshot for React's external stores. */
  revision(kind: PlayerEvent['kind']): number {
    return this.revisions.get(kind) ?? 0;
  }

  onDidChange(listener: (e: PlayerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- commands ------------------------------------------------------------------------------

  seek(timeNs: number): void {
    this.clock.seek(timeNs);
  }

  /** Pauses and moves `n` frames of the stepping stream (the first camera, else the first series). */
  step(n: number): void {
    this.clock.pause();
    const times = this.primaryTimes;
    if (!times || times.length === 0) return this.clock.seek(this.clock.timeNs + n * FALLBACK_FRAME_NS);
    const i = Math.min(times.length - 1, Math.max(0, frameAt(times, this.clock.timeNs) + n));
    this.clock.seek(times[i]!);
  }

  /**
   * A step key held down, until `stopHold`: forwards, the cameras play at 1× (the browser's own
   * playback keeps the clip's rate where stepping frame by frame through decoded stills cannot);
   * backwards, one frame per frame interval of the stepping stream. Either way the rate does not
   * depend on the keyboard's repeat rate, and the release stops on the exact frame at the clock.
   */
  holdStep(dir: -1 | 1): void {
    if (this.held) return;
    const times = this.primaryTimes;
    if (!times || times.length < 2) return this.step(dir);
    if (dir > 0) {
      this.held = { rate: this.clock.rate, raf: 0 };
      this.clock.setRate(1);
      this.clock.play();
      return;
    }
    this.clock.pause();
    const start = frameAt(times, this.clock.timeNs);
    const intervalMs = frameInterval(times) / 1e6;
    const t0 = performance.now();
    let at = start;
    const held = { rate: null, raf: 0 };
    const tick = (now: number) => {
      const i = Math.max(0, start - 1 - Math.floor((now - t0) / intervalMs));
      if (i !== at) this.clock.seek(times[(at = i)]!);
      held.raf = requestAnimationFrame(tick);
    };
    held.raf = requestAnimationFrame(tick);
    this.held = held;
  }

  /** The held step key was released. */
  stopHold(): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    cancelAnimationFrame(held.raf);
    if (held.rate !== null) {
      this.clock.pause();
      this.clock.setRate(held.rate);
    }
  }

  /** The index of the frame at the clock in the stepping stream, or null before its times arrive. */
  frameIndex(): number | null {
    const times = this.primaryTimes;
    return times && times.length > 0 ? frameAt(times, this.clock.timeNs) : null;
  }

  toggle(): void {
    this.clock.toggle();
  }

  setRate(rate: number): void {
    this.clock.setRate(rate);
  }

  /** J/K/L: K stops at 1×; J or L again doubles the speed in that direction. */
  shuttle(dir: -1 | 0 | 1): void {
    if (dir === 0) {
      this.clock.pause();
      this.clock.setRate(1);
      return;
    }
    const r = this.clock.rate;
    this.clock.setRate(this.clock.playing && Math.sign(r) === dir ? r * 2 : dir);
    this.clock.play();
  }

  /** Loops `span` (a selected segment, else the in/out marks, else `fallback`); again clears it. */
  toggleLoop(span: Span | null, fallback: Span | null = null): void {
    const { inNs, outNs } = this.marksValue;
    if (this.clock.loop) this.clock.setLoop(null);
    else if (span) this.clock.setLoop(span);
    else if (inNs !== null && outNs !== null) this.clock.setLoop({ startNs: inNs, endNs: outNs });
    else if (fallback) this.clock.setLoop(fallback);
  }

  markIn(): void {
    this.setMarks({ inNs: this.clock.timeNs, outNs: this.marksValue.outNs });
  }

  /** Marks the out point; with an in point before it, returns the span and clears both marks. */
  markOut(): Span | null {
    const start = this.marksValue.inNs;
    const end = this.clock.timeNs;
    if (start !== null && end > start) {
      this.clearMarks();
      return { startNs: start, endNs: end };
    }
    this.setMarks({ inNs: start, outNs: end });
    return null;
  }

  clearMarks(): void {
    this.setMarks({ inNs: null, outNs: null });
  }

  /** Seeks to the next (1) or previous (-1) of `edges` and the marks; false when there is none. */
  jump(dir: -1 | 1, edges: readonly number[]): boolean {
    const t = this.clock.timeNs;
    const { inNs, outNs } = this.marksValue;
    const all = [...new Set([...edges, ...[inNs, outNs].filter((m): m is number => m !== null)])];
    all.sort((a, b) => a - b);
    const target = dir > 0 ? all.find((e) => e > t + 1e6) : all.reverse().find((e) => e < t - 1e6);
    if (target === undefined) return false;
    this.clock.seek(target);
    return true;
  }

  setLayout(change: Partial<ReplayLayout>): void {
    this.layoutValue = { ...this.layoutValue, ...change };
    writeLayout(this.layoutValue);
    this.emit({ kind: 'layout' });
  }

  /** A rig read again with the same content keeps the one shown (the 3D view reloads on a new one). */
  setRig(rig: Rig | null): void {
    if (rig === this.rigValue || JSON.stringify(rig) === JSON.stringify(this.rigValue)) return;
    this.rigValue = rig;
    this.emit({ kind: 'rig' });
  }

  /** A stream's frame times, read once per player (a blob is named by its hash and never changes). */
  frameTimes(stream: Stream): Promise<Float64Array> {
    let p = this.times.get(stream.timestampsBlob);
    if (!p) {
      const url = this.host.mediaUrl(blobRef(stream.timestampsBlob));
      p = fetch(url, { credentials: 'same-origin' }).then(async (res) => {
        if (!res.ok) throw new Error(`frame times: HTTP ${res.status}`);
        return parseTimestamps(await res.arrayBuffer());
      });
      this.times.set(stream.timestampsBlob, p);
      // A failed read is tried again by the next caller.
      p.catch(() => this.times.delete(stream.timestampsBlob));
    }
    return p;
  }

  /**
   * Holds a camera's element on the clock once its frame times are read; the returned function
   * lets it go. `onError` shows a failure in the camera's panel.
   */
  attachVideo(
    stream: Stream,
    video: HTMLVideoElement,
    onError: (e: unknown, what: string) => void,
    still?: StillTarget,
  ): () => void {
    let sync: VideoSync | null = null;
    let detached = false;
    const removeElement = this.videos.add(stream.name, video, still?.canvas ?? null);
    this.frameTimes(stream)
      .then((times) => {
        if (detached || this.disposed) return;
        sync = new VideoSync(video, times, this.clock, stream.video?.offsetNs ?? 0, {
          onPlayError: (e) => onError(e, `play ${stream.name}`),
          onDropped: (n) => {
            this.dropped += n;
            this.emit({ kind: 'dropped', total: this.dropped });
          },
          onStillsFailed: (e) =>
            this.host.onError(e, `decode ${stream.name} (now shown by the video element)`),
        });
        this.syncs.add(sync);
        if (still) this.openStills(stream, times, still, () => (detached ? null : sync));
      })
      .catch((e: unknown) => !detached && onError(e, `open ${stream.name}`));
    return () => {
      detached = true;
      removeElement();
      if (sync) {
        this.syncs.delete(sync);
        sync.dispose();
      }
    };
  }

  /** Opens the camera's WebCodecs stills and hands them to its sync once the file is read. */
  private openStills(
    stream: Stream,
    times: Float64Array,
    still: StillTarget,
    current: () => VideoSync | null,
  ): void {
    StillFrames.open({
      url: still.url,
      what: stream.name,
      canvas: still.canvas,
      timestampsNs: times,
      offsetNs: stream.video?.offsetNs ?? 0,
      scheduler: this.decodes,
      onError: (e) => this.host.onError(e, `decode ${stream.name}`),
    }).then(
      (stills) => {
        const sync = current();
        if (!sync || this.disposed) return stills.close();
        sync.useStills(stills);
      },
      (e: unknown) => {
        // The element goes on showing every frame: say why once, in the console and on the element.
        if (e instanceof StillsUnavailable) {
          still.canvas.dataset.unavailable = e.message;
          console.info(`replay: ${e.message}; the video element shows its still frames`);
        } else if (current()) this.host.onError(e, `read ${stream.name} for frame stepping`);
      },
    );
  }

  dispose(): void {
    this.disposed = true;
    this.stopHold();
    this.offClock();
    for (const s of this.syncs) s.dispose();
    this.syncs.clear();
    this.clock.dispose();
    this.listeners.clear();
  }

  private setMarks(marks: { inNs: number | null; outNs: number | null }): void {
    this.marksValue = marks;
    this.emit({ kind: 'marks' });
  }

  private emit(e: PlayerEvent): void {
    this.revisions.set(e.kind, this.revision(e.kind) + 1);
    for (const l of this.listeners) l(e);
  }
}
