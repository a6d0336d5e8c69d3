import type { Nanoseconds } from '../../../src/common/ids';

export type ClockEvent =
  /** The time jumped (seek, step, loop wrap): views show exactly the frame at the new time. */
  | { kind: 'seek'; timeNs: Nanoseconds }
  /** The time moved on during playback. */
  | { kind: 'tick'; timeNs: Nanoseconds }
  /** Play, pause, rate or loop changed. */
  | { kind: 'state'; timeNs: Nanoseconds };

export const MIN_RATE = 0.1;
export const MAX_RATE = 8;

/**
 * The one clock of a replay: cameras, the 3D scene and plots all follow it. Time advances by wall
 * time times the rate; a negative rate plays backwards (J shuttle). Playback stops at the ends
 * unless a loop region is set.
 */
export class PlaybackClock {
  private time = 0;
  private rateValue = 1;
  private playingValue = false;
  private loopValue: { startNs: number; endNs: number } | null = null;
  private last = 0;
  private raf = 0;
  private readonly listeners = new Set<(e: ClockEvent) => void>();

  constructor(private durationNs: number) {}

  get timeNs(): Nanoseconds {
    return Math.round(this.time) as Nanoseconds;
  }
  get rate(): number {
    return this.rateValue;
  }
  get playing(): boolean {
    return this.playingValue;
  }
  get loop(): { startNs: number; endNs: number } | null {
    return this.loopValue;
  }
  get duration(): number {
    return this.durationNs;
  }

  onDidChange(listener: (e: ClockEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  seek(timeNs: number): void {
    this.time = Math.min(Math.max(0, Math.round(timeNs)), this.durationNs);
    this.emit('seek');
  }

  play(): void {
    if (this.playingValue) return;
    if (this.rateValue > 0 && this.time >= this.durationNs && !this.loopValue) this.time = 0;
    this.playingValue = true;
    this.last = performance.now();
    this.raf = requestAnimationFrame(this.frame);
    this.emit('state');
  }

  pause(): void {
    if (!this.playingValue) return;
    this.playingValue = false;
    cancelAnimationFrame(this.raf);
    this.emit('state');
  }

  toggle(): void {
    if (this.playingValue) this.pause();
    else this.play();
  }

  /** Speeds of magnitude 0.1x to 8x, forwards or backwards. */
  setRate(rate: number): void {
    const sign = rate < 0 ? -1 : 1;
    this.rateValue = sign * Math.min(MAX_RATE, Math.max(MIN_RATE, Math.abs(rate)));
    this.emit('state');
  }

  setLoop(loop: { startNs: number; endNs: number } | null): void {
    this.loopValue = loop && loop.endNs > loop.startNs ? loop : null;
    this.emit('state');
  }

  dispose(): void {
    cancelAnimationFrame(this.raf);
    this.listeners.clear();
  }

  private readonly frame = (now: number) => {
    if (!this.playingValue) return;
    // A frame's timestamp can precede the play() call that scheduled it: never step against the rate.
    const dt = Math.max(0, now - this.last) * 1e6 * this.rateValue;
    this.last = Math.max(this.last, now);
    let t = this.time + dt;
    const lo = this.loopValue?.startNs ?? 0;
    const hi = this.loopValue?.endNs ?? this.durationNs;
    if (this.loopValue && (t > hi || t < lo)) {
      this.time = t > hi ? lo : hi;
      this.emit('seek');
    } else if ((this.rateValue > 0 && t >= this.durationNs) || (this.rateValue < 0 && t <= 0)) {
      t = Math.min(Math.max(0, t), this.durationNs);
      this.time = t;
      this.playingValue = false;
      this.emit('seek');
      this.emit('state');
      return;
    } else {
      this.time = t;
      this.emit('tick');
    }
    this.raf = requestAnimationFrame(this.frame);
  };

  private emit(kind: ClockEvent['kind']): void {
    const e = { kind, timeNs: this.timeNs } as ClockEvent;
    for (const l of this.listeners) l(e);
  }
}
