import { copyFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { posterFrame, probeVideo } from '../../media/probe';
import { encodeVideo } from '../../media/encode';
import type { MediaTools } from '../../media/tools';
import { videoStream, type PendingStream } from '../importEpisode';
import { bounded, hashInput, type ReadBounds } from '../sourceFile';
import type { FrameFile } from './imageFrames';

/** A frame time may differ from its message time by this much in the encoded file (ffmpeg keeps µs). */
const TIME_TOLERANCE_NS = 1e6;
/** Time allowed to encode one frame, on top of the base read time. */
const ENCODE_MS_PER_FRAME = 250;

const frameName = (i: number, ext: string) => `${String(i).padStart(8, '0')}.${ext}`;

/**
 * The images of one topic, written one file per frame into a folder of their own as they are read
 * (never held in memory), then encoded once to H.264 with every frame at its message time.
 */
export class VideoTopic {
  private readonly times: bigint[] = [];
  private ext: FrameFile['ext'] | null = null;

  constructor(
    readonly topic: string,
    private readonly dir: string,
  ) {}

  get frames(): number {
    return this.times.length;
  }

  get firstNs(): bigint | null {
    return this.times.reduce<bigint | null>((min, t) => (min === null || t < min ? t : min), null);
  }

  /** Writes frame n (from 1); a topic's frames must share one image format. */
  async push(timeNs: bigint, frame: FrameFile): Promise<string | null> {
    if (this.ext && frame.ext !== this.ext) {
      return `image ${this.times.length + 1} is ${frame.ext} after ${this.ext} images`;
    }
    this.ext = frame.ext;
    await writeFile(path.join(this.dir, frameName(this.times.length + 1, frame.ext)), frame.bytes);
    this.times.push(timeNs);
    return null;
  }

  /**
   * Encodes the frames with ffmpeg. Each frame file's modification time is set to its time from
   * the episode start and image2 reads it (`-ts_from_file 2`), so the video is variable-rate where
   * the topic is. A video starts at 0: when the topic's first image comes later than the episode
   * start, that image is also shown from 0 (one frame more in the file than in the timestamps).
   */
  async encode(
    tools: MediaTools,
    startNs: bigint,
    source: string,
    bounds: ReadBounds,
  ): Promise<{ stream: PendingStream; poster: Uint8Array | null }> {
    const ext = this.ext!;
    await this.sortFrames(ext);
    const rel = this.times.map((t) => Number(t - startNs));
    const fileTimes = [...rel];
    let first = 1;
    if (rel[0]! > 0) {
      await copyFile(path.join(this.dir, frameName(1, ext)), path.join(this.dir, frameName(0, ext)));
      fileTimes.unshift(0);
      first = 0;
    }
    let previous = -1;
    for (const [i, t] of fileTimes.entries()) {
      // Two images at one time would give the muxer equal timestamps: keep them 1 µs apart in the file.
      const at = Math.max(t / 1e3, previous + 1);
      previous = at;
      await utimes(path.join(this.dir, frameName(first + i, ext)), at / 1e6, at / 1e6);
    }
    const out = path.join(this.dir, 'video.mp4');
    const ms = bounds.baseMs + fileTimes.length * ENCODE_MS_PER_FRAME;
    await bounded(source, ms, bounds, `encoding the images of ${this.topic} with ffmpeg`, (signal) =>
      encodeFrameFiles(tools, path.join(this.dir.replaceAll('%', '%%'), `%08d.${ext}`), first, out, signal),
    );
    const probe = await bounded(source, ms, bounds, `probing the video of ${this.topic}`, (signal) =>
      probeVideo(tools, out, signal),
    );
    const got = probe.timestampsNs;
    const bad = fileTimes.findIndex((t, i) => !(Math.abs((got[i] ?? Infinity) - t) <= TIME_TOLERANCE_NS));
    if (got.length !== fileTimes.length || bad >= 0) {
      throw new Error(
        `${source}: ffmpeg did not keep the image times of ${this.topic} (${got.length} of ${fileTimes.length} frames; frame ${bad} at ${got[bad]} ns, not ${fileTimes[bad]} ns): is the temporary folder on a file system without sub-second file times?`,
      );
    }
    const { hash } = await hashInput(out, bounds);
    const timestampsNs = Float64Array.from(rel);
    const n = rel.length;
    const interval = n > 1 ? (rel[n - 1]! - rel[0]!) / (n - 1) : 0;
    const stream: PendingStream = {
      ...videoStream(this.topic.replace(/^\/+/, '') || 'camera', out, hash, probe),
      frames: n,
      durationNs: Math.round(rel[n - 1]! + interval),
      timestampsNs,
    };
    const poster = await bounded(
      source,
      bounds.baseMs,
      bounds,
      `decoding a poster frame of ${this.topic}`,
      (signal) => posterFrame(tools, out, rel[Math.floor(n / 10)]!, signal),
    );
    return { stream, poster };
  }

  /** Renames the frame files into time order (an unindexed file may hold them out of order). */
  private async sortFrames(ext: string): Promise<void> {
    const order = this.times
      .map((t, i) => ({ t, i }))
      .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
    if (order.every((o, k) => o.i === k)) return;
    for (let i = 0; i < order.length; i++) {
      await rename(path.join(this.dir, frameName(i + 1, ext)), path.join(this.dir, `u${i}`));
    }
    for (const [k, o] of order.entries()) {
      await rename(path.join(this.dir, `u${o.i}`), path.join(this.dir, frameName(k + 1, ext)));
    }
    this.times.splice(0, this.times.length, ...order.map((o) => o.t));
  }
}

/**
 * Encodes numbered image files (`pattern`: image2's, with any `%` of the folder doubled), each frame
 * at its file's modification time. `-vsync passthrough` (not `-fps_mode`, which ffmpeg 4 lacks) keeps
 * every frame at its own time, and `-enc_time_base -1` keeps the input's nanosecond time base instead
 * of a guessed frame rate.
 */
async function encodeFrameFiles(
  tools: MediaTools,
  pattern: string,
  startNumber: number,
  out: string,
  signal: AbortSignal,
): Promise<void> {
  const input = ['-f', 'image2', '-ts_from_file', '2', '-start_number', `${startNumber}`, '-i', pattern];
  await encodeVideo(
    tools,
    {
      input: [...input, '-vsync', 'passthrough', '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2'],
      output: ['-video_track_timescale', '1000000', '-movflags', '+faststart', '-an', '-y', out],
      timeBase: { h264: '-1', mpeg4: '1/60000' },
    },
    { signal },
  );
}
