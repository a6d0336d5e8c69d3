import type { VideoTrack } from './demux';
import type { DecodeScheduler } from './decodeScheduler';
import { Gops } from './gops';

// Chunks handed to the decoder ahead of its work.
const MAX_QUEUED = 3;
const FRESH = -2;

type Waiter = { resolve(frame: VideoFrame | null): void; reject(e: unknown): void };

export interface DecodedFramesOptions {
  /** Decoded frames kept at most (the farthest from the playhead are closed first). */
  maxFrames?: number;
  /** Frames before the end of a group at which the next group is decoded ahead. */
  lookahead?: number;
  /** A decoder failure that no request is waiting for. */
  onError?(error: unknown): void;
  /** Shared by the cameras of one player: requests decode before anyone's decode-ahead. */
  scheduler?: DecodeScheduler;
}

/**
 * Decoded frames of one video track around the playhead, from a WebCodecs VideoDecoder. `frameAt`
 * answers from the cache, else decodes the frame's group of pictures from its keyframe (all of it,
 * so steps either way land in the cache) and answers as soon as the frame comes out. Near a group's
 * end the next group is decoded ahead, near its start the previous one. One request decodes at a
 * time and at most one waits: a newer request replaces the waiting one (latest wins), whose promise
 * then gives null. Evicted frames are closed.
 */
export class DecodedFrames {
  readonly gops: Gops;
  private decoder: VideoDecoder;
  private readonly frames = new Map<number, VideoFrame>();
  /** Groups given to the decoder since it was last reset, until their flush completes. */
  private readonly pending = new Set<number>();
  /** Chunks not yet handed to the decoder, each group followed by its index (where it flushes). */
  private queue: (EncodedVideoChunk | number)[] = [];
  /** The group last given to the decoder since it was reset. */
  private lastFed = FRESH;
  private readonly waiters = new Map<number, Waiter[]>();
  /** The request waiting for the one in flight to come out: it decodes next. */
  private next: number | null = null;
  private playhead = 0;
  /** Whether the playhead last moved back (stepping or held back): decode the previous group early. */
  private backwards = false;
  private epoch = 0;
  private closed = false;
  private readonly maxFrames: number;
  private readonly lookahead: number;
  private readonly unschedule: () => void;

  constructor(
    private readonly track: VideoTrack,
    private readonly options: DecodedFramesOptions = {},
  ) {
    this.gops = new Gops(track);
    this.maxFrames = options.maxFrames ?? 96;
    this.lookahead = options.lookahead ?? 8;
    this.decoder = this.createDecoder();
    this.unschedule = options.scheduler?.add(this) ?? (() => undefined);
  }

  /** Whether this browser's VideoDecoder decodes the track. */
  static async supports(track: VideoTrack): Promise<boolean> {
    if (typeof VideoDecoder === 'undefined') return false;
    return (await VideoDecoder.isConfigSupported(track.config)).supported === true;
  }

  get frameCount(): number {
    return this.track.samples.length;
  }

  /** Whether a request waits for this decoder (the scheduler lets it decode first). */
  get wanting(): boolean {
    return this.waiters.size > 0;
  }

  readonly resume = (): void => this.pump();

  /** Decoded frames held now. */
  get cached(): number {
    return this.frames.size;
  }

  /** The frame at presentation index `index`, a clone for the caller to close, or null if superseded. */
  frameAt(index: number): Promise<VideoFrame | null> {
    if (this.closed) return Promise.reject(new Error('the frame source is closed'));
    const p = Math.max(0, Math.min(this.frameCount - 1, index));
    if (p !== this.playhead) this.backwards = p < this.playhead;
    this.playhead = p;
    const hit = this.frames.get(p);
    if (hit) {
      this.decodeAround(p);
      return Promise.resolve(hit.clone());
    }
    const busy = this.inFlight();
    const promise = new Promise<VideoFrame | null>((resolve, reject) => {
      const list = this.waiters.get(p) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(p, list);
    });
    const g = this.gops.gopOfFrame[p]!;
    // Its group is on the way (perhaps held back by the scheduler until now).
    if (this.pending.has(g)) {
      this.pump();
      return promise;
    }
    if (busy) {
      if (this.next !== null && this.next !== p) this.settle(this.next, null);
      this.next = p;
    } else this.start(p);
    return promise;
  }

  close(): void {
    this.closed = true;
    this.unschedule();
    for (const p of [...this.waiters.keys()]) this.settle(p, null);
    if (this.decoder.state !== 'closed') this.decoder.close();
    for (const f of this.frames.values()) f.close();
    this.frames.clear();
  }

  private inFlight(): boolean {
    for (const p of this.waiters.keys()) if (p !== this.next) return true;
    return false;
  }

  /** Decodes frame `p`'s group from its keyframe, dropping whatever the decoder was doing. */
  private start(p: number): void {
    if (this.pending.size > 0 || this.decoder.state !== 'configured') this.resetDecoder();
    this.feed(this.gops.gopOfFrame[p]!);
    this.decodeAround(p);
  }

  private resetDecoder(): void {
    this.epoch++;
    this.lastFed = FRESH;
    this.pending.clear();
    this.queue = [];
    if (this.decoder.state === 'closed') this.decoder = this.createDecoder();
    else {
      this.decoder.reset();
      this.decoder.configure(this.track.config);
    }
  }

  private createDecoder(): VideoDecoder {
    const decoder = new VideoDecoder({ output: this.onFrame, error: this.onDecoderError });
    decoder.addEventListener('dequeue', this.pump);
    decoder.configure(this.track.config);
    return decoder;
  }

  /** Queues group `g` and a flush after it (the next group starts with a keyframe, as a flush needs). */
  private feed(g: number): void {
    if (g < 0 || g >= this.gops.count || this.pending.has(g) || this.complete(g)) return;
    // Fed after a later group and a flush, an earlier group's last frame came out as the later
    // group's keyframe (Chromium, H.264 with B-frames): a group out of order starts on a fresh
    // decoder, once the decoder is idle.
    if (this.lastFed !== FRESH && g !== this.lastFed + 1) {
      if (this.pending.size > 0) return;
      this.resetDecoder();
    }
    this.lastFed = g;
    this.pending.add(g);
    this.queue.push(...this.chunks(g), g);
    this.pump();
  }

  /**
   * Hands queued chunks to the decoder a few at a time: a reset (a new request elsewhere) then waits
   * only for those, not for whole groups already handed over.
   */
  private readonly pump = () => {
    while (
      this.queue.length > 0 &&
      this.decoder.state === 'configured' &&
      this.decoder.decodeQueueSize < MAX_QUEUED &&
      (this.options.scheduler?.mayDecode(this) ?? true)
    ) {
      const item = this.queue.shift()!;
      if (typeof item !== 'number') {
        this.decoder.decode(item);
        continue;
      }
      const epoch = this.epoch;
      this.decoder.flush().then(
        () => epoch === this.epoch && this.groupDone(item),
        (e: unknown) => {
          // A reset aborts the flushes queued before it: the new requests have taken over.
          if (!(e instanceof DOMException && e.name === 'AbortError')) this.onDecoderError(e);
        },
      );
    }
  };

  /** Group `g`'s samples as chunks for the decoder, keyframe first. */
  private chunks(g: number): EncodedVideoChunk[] {
    const { samples, data } = this.track;
    const out: EncodedVideoChunk[] = [];
    for (let d = this.gops.starts[g]!; d < this.gops.sampleEnd(g); d++) {
      const s = samples[d]!;
      const type = s.key ? 'key' : 'delta';
      const bytes = data.subarray(s.offset, s.offset + s.size);
      out.push(
        new EncodedVideoChunk({ type, timestamp: s.timestampUs, duration: s.durationUs, data: bytes }),
      );
    }
    return out;
  }

  private groupDone(g: number): void {
    this.pending.delete(g);
    const { first, last } = this.gops.frames[g]!;
    for (let p = first; p <= last; p++)
      if (this.waiters.has(p))
        this.fail(p, new Error(`frame ${p} did not come out of the decoder after its group`));
    this.startNext();
    // A neighbour skipped while the decoder was busy.
    if (this.pending.size === 0 && this.waiters.size === 0) this.decodeAround(this.playhead);
  }

  private complete(g: number): boolean {
    const { first, last } = this.gops.frames[g]!;
    for (let p = first; p <= last; p++) if (!this.frames.has(p)) return false;
    return true;
  }

  /**
   * Decodes the neighbour group ahead of time when `p` is near either end of its own: the next one
   * `lookahead` frames before the end, the previous one 2 frames after the start (a step back), or
   * `lookahead` frames after it while the playhead moves back.
   */
  private decodeAround(p: number): void {
    const g = this.gops.gopOfFrame[p]!;
    const { first, last } = this.gops.frames[g]!;
    if (last - p < this.lookahead && this.fits(g, g + 1)) this.feed(g + 1);
    if (p - first < (this.backwards ? this.lookahead : 2) && this.fits(g, g - 1)) this.feed(g - 1);
  }

  /** Whether groups `g` and `h` fit in the cache together (else decoding ahead would evict `g`). */
  private fits(g: number, h: number): boolean {
    const size = (k: number) =>
      this.gops.frames[k] ? this.gops.frames[k].last - this.gops.frames[k].first + 1 : 0;
    return size(g) + size(h) <= this.maxFrames;
  }

  private startNext(): void {
    const p = this.next;
    if (p === null || this.inFlight()) return;
    this.next = null;
    if (this.frames.has(p)) return this.settle(p, this.frames.get(p)!.clone());
    if (!this.pending.has(this.gops.gopOfFrame[p]!)) this.start(p);
  }

  private readonly onFrame = (frame: VideoFrame) => {
    const p = this.gops.frameOfUs.get(frame.timestamp);
    if (this.closed || p === undefined || this.frames.has(p)) {
      frame.close();
      return;
    }
    this.frames.set(p, frame);
    if (this.waiters.has(p)) this.settle(p, frame.clone());
    if (p === this.playhead) this.decodeAround(p);
    this.evict();
    this.startNext();
  };

  private readonly onDecoderError = (e: unknown) => {
    this.pending.clear();
    this.queue = [];
    const waiting = [...this.waiters.keys()];
    if (waiting.length === 0) this.options.onError?.(e);
    for (const p of waiting) this.fail(p, e);
  };

  private evict(): void {
    while (this.frames.size > this.maxFrames) {
      let far = -1;
      for (const p of this.frames.keys())
        if (far < 0 || Math.abs(p - this.playhead) > Math.abs(far - this.playhead)) far = p;
      this.frames.get(far)!.close();
      this.frames.delete(far);
    }
  }

  private settle(p: number, frame: VideoFrame | null): void {
    const list = this.waiters.get(p) ?? [];
    this.waiters.delete(p);
    if (this.next === p) this.next = null;
    list.forEach((w, i) => w.resolve(i === 0 || !frame ? frame : frame.clone()));
    this.answered();
  }

  private fail(p: number, e: unknown): void {
    const list = this.waiters.get(p) ?? [];
    this.waiters.delete(p);
    if (this.next === p) this.next = null;
    for (const w of list) w.reject(e);
    this.answered();
  }

  /** The last waiting request was answered: other cameras' held-back work may go on. */
  private answered(): void {
    if (this.waiters.size === 0) this.options.scheduler?.kick();
  }
}
