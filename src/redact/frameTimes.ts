import type { Readable } from 'node:stream';

const SHOWINFO = /\bn:\s*(\d+)\s+pts:\s*-?\d+\s+pts_time:(-?[0-9.e+-]+)/;

/**
 * Reads ffmpeg's stderr: the time of each frame that its `showinfo` filter reports (in seconds,
 * by frame number), and the last other lines for error messages.
 */
export class FrameTimes {
  private readonly times: number[] = [];
  private readonly other: string[] = [];
  private partial = '';
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(stderr: Readable) {
    stderr.on('data', (d: Buffer) => {
      const lines = (this.partial + d.toString()).split('\n');
      this.partial = lines.pop()!;
      for (const line of lines) this.line(line);
      this.signal();
    });
    stderr.on('close', () => {
      this.line(this.partial);
      this.ended = true;
      this.signal();
    });
  }

  /** The reported time of frame `n` once ffmpeg has reported it; undefined if it never does. */
  async at(n: number): Promise<number | undefined> {
    while (this.times[n] === undefined && !this.ended)
      await new Promise<void>((resolve) => (this.wake = resolve));
    return this.times[n];
  }

  /** The last three lines that are not frame reports. */
  errorTail(): string {
    return this.other.slice(-3).join(' | ');
  }

  private line(line: string): void {
    const m = SHOWINFO.exec(line);
    if (m) this.times[Number(m[1])] = Number(m[2]);
    else if (line.trim()) {
      this.other.push(line.trim());
      if (this.other.length > 20) this.other.shift();
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
