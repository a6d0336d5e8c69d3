import type { Readable } from 'node:stream';

/**
 * Cuts a byte stream into frames of `frameBytes` as it arrives and keeps up to `ahead` whole frames
 * queued, so the producer (ffmpeg decoding into a pipe) keeps working while the consumer works on a
 * frame; the stream is paused only when the queue is full. Each chunk is copied once into its frame.
 */
export class FrameQueue {
  private readonly queue: Uint8Array[] = [];
  private current: Uint8Array;
  private filled = 0;
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly stream: Readable,
    private readonly frameBytes: number,
    private readonly ahead: number,
  ) {
    this.current = new Uint8Array(frameBytes);
    stream.on('data', (chunk: Buffer) => this.take(chunk));
    stream.on('end', () => this.finish(null));
    stream.on('error', (e: Error) => this.finish(e));
  }

  /** The next whole frame, or null at the end of the stream (a partial frame left at the end is dropped). */
  async next(): Promise<Uint8Array | null> {
    while (this.queue.length === 0) {
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const frame = this.queue.shift()!;
    if (this.queue.length < this.ahead && this.stream.isPaused()) this.stream.resume();
    return frame;
  }

  private take(chunk: Buffer): void {
    for (let at = 0; at < chunk.length;) {
      const n = Math.min(chunk.length - at, this.frameBytes - this.filled);
      this.current.set(chunk.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.frameBytes) {
        this.queue.push(this.current);
        this.current = new Uint8Array(this.frameBytes);
        this.filled = 0;
      }
    }
    if (this.queue.length >= this.ahead) this.stream.pause();
    this.signal();
  }

  private finish(e: Error | null): void {
    this.ended = true;
    this.failure ??= e;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
