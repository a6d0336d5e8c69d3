import { DecodedFrames, fetchVideoTrack, type DecodeScheduler, type VideoTrack } from './frameSource';
import { seekTargetSeconds } from './frames';

// Files larger than this stay on the <video> element alone: the frame source holds the whole file.
const MAX_BYTES = 512 * 1024 * 1024;

/** Why a camera's stills come from its <video> element instead of WebCodecs. */
export class StillsUnavailable extends Error {}

/**
 * Exact still frames of one camera, decoded with WebCodecs (`DecodedFrames`) and drawn to a canvas
 * laid over the camera's <video>: a seek decodes from the keyframe once, a step is served from the
 * frames decoded around the playhead. Only the latest request draws; an older one that completes
 * after it is dropped. The canvas is shown while the player is paused, seeking or stepping, and
 * hidden once the <video> plays.
 */
export class StillFrames {
  private seq = 0;
  private closed = false;
  /** Presentation times of the file's frames (µs, ascending). */
  private readonly fileTimesUs: Float64Array;

  private constructor(
    private readonly frames: DecodedFrames,
    track: VideoTrack,
    readonly canvas: HTMLCanvasElement,
    private readonly timestampsNs: Float64Array,
    private readonly offsetNs: number,
  ) {
    this.fileTimesUs = Float64Array.from(track.presentation, (d) => track.samples[d]!.timestampUs);
    canvas.width = track.config.codedWidth;
    canvas.height = track.config.codedHeight;
  }

  /**
   * Reads and demuxes the camera's file; throws StillsUnavailable when this browser cannot decode it
   * with WebCodecs (no VideoDecoder, not an mp4, an unsupported codec, too large to hold).
   */
  static async open(options: {
    url: string;
    what: string;
    canvas: HTMLCanvasElement;
    timestampsNs: Float64Array;
    offsetNs: number;
    scheduler?: DecodeScheduler;
    onError(e: unknown): void;
  }): Promise<StillFrames> {
    if (typeof VideoDecoder === 'undefined') throw new StillsUnavailable('this browser has no WebCodecs');
    const head = await fetch(options.url, { method: 'HEAD', credentials: 'same-origin' });
    const bytes = Number(head.headers.get('content-length') ?? 0);
    if (bytes > MAX_BYTES)
      throw new StillsUnavailable(`${options.what}: ${Math.round(bytes / 2 ** 20)} MB is too large to hold`);
    let track: VideoTrack;
    try {
      track = await fetchVideoTrack(options.url, options.what);
    } catch (e) {
      throw new StillsUnavailable(e instanceof Error ? e.message : String(e));
    }
    if (!(await DecodedFrames.supports(track)))
      throw new StillsUnavailable(`${options.what}: VideoDecoder cannot decode ${track.config.codec}`);
    const frames = new DecodedFrames(track, { scheduler: options.scheduler, onError: options.onError });
    return new StillFrames(frames, track, options.canvas, options.timestampsNs, options.offsetNs);
  }

  get shown(): boolean {
    return this.canvas.dataset.shown === '1';
  }

  /**
   * Draws frame `i` of the stream (the file's frame a <video> shows when seeked to the middle of the
   * frame's interval) and shows the canvas. Resolves with the drawn frame's media time in seconds,
   * or null when a later request came first.
   */
  async show(i: number): Promise<number | null> {
    const seq = ++this.seq;
    const frame = await this.frames.frameAt(this.fileFrame(i));
    if (!frame) return null;
    try {
      if (seq !== this.seq || this.closed) return null;
      const ctx = this.canvas.getContext('2d');
      if (!ctx) throw new Error('no 2D context for the camera canvas');
      ctx.drawImage(frame, 0, 0, this.canvas.width, this.canvas.height);
      this.canvas.dataset.shown = '1';
      this.canvas.dispatchEvent(new Event('drawn'));
      return frame.timestamp / 1e6;
    } finally {
      frame.close();
    }
  }

  /** The <video> shows the camera again (it plays): later requests still draw. */
  hide(): void {
    this.seq++;
    if (this.canvas.dataset.shown === '1') {
      this.canvas.dataset.shown = '0';
      this.canvas.dispatchEvent(new Event('drawn'));
    }
  }

  close(): void {
    this.closed = true;
    this.hide();
    this.frames.close();
  }

  /** The file's frame (presentation index) a <video> shows for stream frame `i`. */
  private fileFrame(i: number): number {
    const targetUs = seekTargetSeconds(this.timestampsNs, i, this.offsetNs) * 1e6;
    const t = this.fileTimesUs;
    let lo = 0;
    let hi = t.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t[mid]! <= targetUs) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
