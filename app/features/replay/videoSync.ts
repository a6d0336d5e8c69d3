import type { ClockEvent, PlaybackClock } from './clock';
import { frameAt, frameOfMediaTime, seekTargetSeconds } from './frames';
import type { StillFrames } from './stillFrames';

// How far a playing video may drift from the clock before it is re-seeked.
const MAX_DRIFT_S = 0.12;
// A seek that lands on the frame already shown presents nothing new, so no frame callback comes:
// only then does `seeked` (plus this wait for a late frame) end the seek.
const SAME_FRAME_WAIT_MS = 250;

/**
 * Keeps one <video> on the clock. Paused or seeking: it shows exactly the latest frame at or before
 * the clock, seeking to the middle of that frame's display interval and confirming the presented
 * frame with requestVideoFrameCallback: a seek ends when the frame it asked for is presented, which
 * usually comes before the element's `seeked` event. Playing forwards: the element plays natively at
 * the clock's rate and is re-seeked when it drifts. Only one seek is in flight and at most one
 * waits: a newer target replaces the waiting one (latest wins), so fast scrubbing never queues work.
 *
 * The element carries `data-frame` (the presented frame's index), `data-media-time` and
 * `data-settled` ("1" once the presented frame is the one the clock wants), for tests and benches.
 */
export class VideoSync {
  private presented = -1;
  private wanted = -1;
  /** The frame the seek in flight asks for, or -1 when none is in flight. */
  private seekFrame = -1;
  private seeking = false;
  private queued: number | null = null;
  private vfc = 0;
  private sameFrameTimer = 0;
  private readonly off: () => void;
  private disposed = false;
  private playingNatively = false;
  /** The last frame presented while playing natively; -1 after a jump. */
  private lastPlayed = -1;
  /** Paused, seeking and stepping show these (WebCodecs) instead of seeking the element. */
  private stills: StillFrames | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly timestampsNs: Float64Array,
    private readonly clock: PlaybackClock,
    /** Where the stream's t=0 lies in the file: a part of a recording plays a window of it. */
    private readonly offsetNs = 0,
    private readonly events: {
      /** The element refused to play (a pause that interrupts a starting play is not a failure). */
      onPlayError(error: unknown): void;
      /** While playing, the element skipped `n` frames of the stream: decoding fell behind. */
      onDropped?(n: number): void;
      /** The WebCodecs stills failed: the element shows the frames again (paused too). */
      onStillsFailed?(error: unknown): void;
    } = { onPlayError: (e) => console.error('video play failed:', e) },
  ) {
    this.off = clock.onDidChange(this.onClock);
    video.addEventListener('seeked', this.onSeeked);
    video.addEventListener('loadeddata', this.onLoaded);
    this.watchFrames();
    this.setSettled(false);
    // The element may have loaded while the timestamps were fetched: its loadeddata has passed.
    if (video.readyState >= 1) queueMicrotask(this.onLoaded);
  }

  get presentedFrame(): number {
    return this.presented;
  }

  /**
   * From now on, paused frames come from `stills`, drawn over the element, and the element is only
   * moved when it plays.
   */
  useStills(stills: StillFrames): void {
    this.stills = stills;
    // A seek of the element in flight no longer decides what is shown.
    clearTimeout(this.sameFrameTimer);
    this.seeking = false;
    this.seekFrame = -1;
    this.queued = null;
    this.video.dataset.renderer = 'webcodecs';
    if (!this.playingNatively) this.requestFrame(frameAt(this.timestampsNs, this.clock.timeNs), true);
  }

  dispose(): void {
    this.disposed = true;
    this.stills?.close();
    this.stills = null;
    this.off();
    this.video.removeEventListener('seeked', this.onSeeked);
    this.video.removeEventListener('loadeddata', this.onLoaded);
    this.video.cancelVideoFrameCallback?.(this.vfc);
    clearTimeout(this.sameFrameTimer);
    this.video.pause();
  }

  private readonly onLoaded = () => this.sync({ kind: 'seek', timeNs: this.clock.timeNs });

  private readonly onClock = (e: ClockEvent) => this.sync(e);

  // play() rejects with AbortError when a pause or seek comes before playback starts: that is the
  // clock pausing, not a failure.
  private readonly onPlayRejected = (e: unknown) => {
    if (!this.disposed && !(e instanceof DOMException && e.name === 'AbortError')) this.events.onPlayError(e);
  };

  private sync(e: ClockEvent): void {
    if (this.video.readyState < 1) return;
    const native = this.clock.playing && this.clock.rate > 0;
    this.playingNatively = native;
    if (native) {
      this.video.playbackRate = this.clock.rate;
      const target = (e.timeNs + this.offsetNs) / 1e9;
      const drift = Math.abs(this.video.currentTime - target);
      if (e.kind === 'seek' || drift > MAX_DRIFT_S) {
        this.video.currentTime = target;
        this.lastPlayed = -1;
      }
      if (this.video.paused) void this.video.play().catch(this.onPlayRejected);
      this.setSettled(false);
      return;
    }
    // Paused from playing, the frame last reported may not be the one on screen (its callback can
    // still be on the way): seek to the clock's frame whatever was reported.
    const stopped = !this.video.paused;
    if (stopped) this.video.pause();
    this.lastPlayed = -1;
    this.requestFrame(frameAt(this.timestampsNs, e.timeNs), stopped);
  }

  private requestFrame(frame: number, force = false): void {
    if (this.stills) return this.showStill(this.stills, frame, force);
    this.wanted = frame;
    if (frame === this.presented && !this.seeking && !force) {
      this.setSettled(true);
      return;
    }
    this.setSettled(false);
    if (this.seeking) {
      this.queued = frame;
      return;
    }
    this.startSeek(frame);
  }

  private showStill(stills: StillFrames, frame: number, force: boolean): void {
    this.wanted = frame;
    if (frame === this.presented && stills.shown && !force) return this.setSettled(true);
    this.setSettled(false);
    stills.show(frame).then(
      (mediaTime) => {
        if (mediaTime === null || this.disposed || this.stills !== stills || this.playingNatively) return;
        this.presented = frame;
        this.video.dataset.frame = String(frame);
        this.video.dataset.mediaTime = mediaTime.toFixed(6);
        this.setSettled(frame === this.wanted && !this.clock.playing);
      },
      (e: unknown) => this.stillsFailed(stills, e),
    );
  }

  /** The stills broke (a decoder error): back to seeking the element itself. */
  private stillsFailed(stills: StillFrames, e: unknown): void {
    if (this.disposed || this.stills !== stills) return;
    this.stills = null;
    stills.close();
    this.video.dataset.renderer = 'video';
    this.events.onStillsFailed?.(e);
    this.presented = -1;
    if (!this.playingNatively) this.requestFrame(this.wanted, true);
  }

  private startSeek(frame: number): void {
    this.seeking = true;
    this.seekFrame = frame;
    this.queued = null;
    this.video.currentTime = seekTargetSeconds(this.timestampsNs, frame, this.offsetNs);
  }

  private readonly onSeeked = () => {
    if (!this.seeking) return;
    clearTimeout(this.sameFrameTimer);
    // The asked-for frame was presented before `seeked`, or it is the frame already on screen.
    if (this.presented === this.seekFrame) return this.finishSeek();
    // Usually a frame callback follows; when the seek stayed on the presented frame none will.
    this.sameFrameTimer = window.setTimeout(() => {
      if (!this.seeking) return;
      const shown = frameOfMediaTime(this.timestampsNs, this.video.currentTime, this.offsetNs);
      if (shown === this.presented) this.finishSeek();
      // No frame came for this seek (seen rarely while scrubbing three cameras): ask again rather
      // than stay unsettled.
      else this.startSeek(this.queued ?? this.seekFrame);
    }, SAME_FRAME_WAIT_MS);
  };

  private finishSeek(): void {
    clearTimeout(this.sameFrameTimer);
    this.seeking = false;
    this.seekFrame = -1;
    const next = this.queued;
    if (next !== null && next !== this.presented) this.startSeek(next);
    else this.setSettled(this.presented === this.wanted && !this.clock.playing);
  }

  private watchFrames(): void {
    if (this.disposed || !this.video.requestVideoFrameCallback) return;
    this.vfc = this.video.requestVideoFrameCallback((_now, meta) => {
      // With stills, the element's own frames matter only while it plays (the canvas is on top).
      if (this.stills && !this.playingNatively) return this.watchFrames();
      this.stills?.hide();
      this.presented = frameOfMediaTime(this.timestampsNs, meta.mediaTime, this.offsetNs);
      // Playing forwards natively, each presented frame should follow the last one played.
      if (this.playingNatively && !this.video.seeking) {
        const skipped = this.presented - this.lastPlayed - 1;
        if (this.lastPlayed >= 0 && skipped > 0) this.events.onDropped?.(skipped);
        this.lastPlayed = this.presented;
      }
      this.video.dataset.frame = String(this.presented);
      this.video.dataset.mediaTime = meta.mediaTime.toFixed(6);
      // The asked-for frame is on screen: done, without waiting for `seeked`. Another frame while
      // the element still seeks is one decoded on the way; once it has seeked, it is the answer.
      if (this.seeking && (this.presented === this.seekFrame || !this.video.seeking)) this.finishSeek();
      // A late frame while paused and idle (the last one played): back to the clock's frame.
      else if (!this.seeking && !this.playingNatively && this.wanted >= 0 && this.presented !== this.wanted)
        this.requestFrame(this.wanted);
      this.watchFrames();
    });
  }

  private setSettled(settled: boolean): void {
    this.video.dataset.settled = settled ? '1' : '0';
  }
}
