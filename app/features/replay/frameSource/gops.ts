import type { VideoTrack } from './demux';

/**
 * A track's groups of pictures: each keyframe and the samples that follow it up to the next, with
 * the frames (presentation indices) they hold. Decoding a frame starts at its group's keyframe.
 */
export class Gops {
  /** Decode index of each group's keyframe, ascending. */
  readonly starts: number[];
  /** Presentation index of each sample (by decode index). */
  readonly frameOfSample: Int32Array;
  /** The group of each frame (by presentation index). */
  readonly gopOfFrame: Int32Array;
  /** Each group's first and last frame (presentation indices). */
  readonly frames: { first: number; last: number }[];
  /** Frame index by timestamp in microseconds, for the decoder's output. */
  readonly frameOfUs = new Map<number, number>();

  constructor(readonly track: VideoTrack) {
    const { samples, presentation } = track;
    this.starts = samples.flatMap((s, i) => (s.key ? [i] : []));
    if (this.starts[0] !== 0) throw new Error('the video track does not start with a keyframe');
    this.frameOfSample = new Int32Array(samples.length);
    presentation.forEach((d, p) => (this.frameOfSample[d] = p));
    this.gopOfFrame = new Int32Array(samples.length);
    this.frames = this.starts.map((start, g) => {
      const end = this.sampleEnd(g);
      let first = Infinity;
      let last = -1;
      for (let d = start; d < end; d++) {
        const p = this.frameOfSample[d]!;
        this.gopOfFrame[p] = g;
        first = Math.min(first, p);
        last = Math.max(last, p);
      }
      return { first, last };
    });
    samples.forEach((s, d) => this.frameOfUs.set(s.timestampUs, this.frameOfSample[d]!));
  }

  get count(): number {
    return this.starts.length;
  }

  /** One past the last sample (decode index) of group `g`. */
  sampleEnd(g: number): number {
    return this.starts[g + 1] ?? this.track.samples.length;
  }
}
