import { spawn } from 'node:child_process';
import type { MediaTools } from '../media/tools';
import type { BgrFrame } from './detector';
import { FrameQueue } from './frameQueue';
import { FrameTimes } from './frameTimes';
import { videoStartTimes } from './streamInfo';

/** Decoded frames held ahead of the consumer take at most about this much memory. */
const QUEUE_BYTES = 64 * 1024 * 1024;

export interface DecodeOptions {
  signal?: AbortSignal;
  /**
   * Start at frame `frame` of a stream whose frame times (from its first frame, `probeVideo`'s
   * `timestampsNs`) are `timesNs`, by seeking the input (`-ss` before `-i`: decoding starts at the
   * keyframe before it) rather than decoding from the file's start. The first frame yielded is
   * checked to be that frame by its timestamp.
   */
  from?: { frame: number; timesNs: Float64Array };
  /** Frames decoded ahead while the consumer works on one (default 4, fewer for frames above 16 MiB: 2 at 4K). */
  ahead?: number;
}

/**
 * Decodes the frames of a video's first video stream, in presentation order, as packed BGR scaled
 * to `size`. `-vsync passthrough` keeps one output frame per decoded frame (no duplicates or drops),
 * so the n-th frame yielded is the n-th entry of the stream's timestamps (counted from `from`).
 * ffmpeg decodes in its own process while the caller works on the frames before.
 */
export async function* decodeFrames(
  tools: MediaTools,
  file: string,
  size: { width: number; height: number },
  opts: DecodeOptions = {},
): AsyncGenerator<BgrFrame> {
  const from = opts.from && opts.from.frame > 0 ? opts.from : null;
  const seek = from && (await seekTo(tools, file, from, opts.signal));
  const args = ['-hide_banner', '-v', seek ? 'info' : 'error', '-nostdin'];
  if (seek) args.push('-ss', seek.seekS.toFixed(6), '-copyts');
  args.push('-i', file, '-map', '0:v:0', '-vsync', 'passthrough');
  const scale = `scale=${size.width}:${size.height}:flags=area`;
  args.push('-vf', seek ? `showinfo,${scale}` : scale, '-f', 'rawvideo', '-pix_fmt', 'bgr24');
  const child = spawn(tools.ffmpeg, [...args, 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const onAbort = () => child.kill('SIGKILL');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const times = new FrameTimes(child.stderr);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const frameBytes = size.width * size.height * 3;
  const ahead = opts.ahead ?? Math.max(1, Math.min(4, Math.floor(QUEUE_BYTES / frameBytes)));
  const queue = new FrameQueue(child.stdout, frameBytes, ahead);
  try {
    let aligned = !seek;
    for (let i = 0; ; i++) {
      const data = await queue.next();
      if (!data) break;
      if (!aligned) {
        aligned = await seek!.check(await times.at(i), file);
        if (!aligned) continue;
      }
      yield { width: size.width, height: size.height, data };
    }
    const code = await exited;
    opts.signal?.throwIfAborted();
    if (code !== 0)
      throw new Error(`decoding ${file} failed: ${times.errorTail() || `ffmpeg exited with code ${code}`}`);
    if (!aligned) throw new Error(`${file}: seeking to frame ${from!.frame} decoded no frame at or after it`);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * Where to seek for frame `from.frame` (halfway from the frame before, in the file's time, which
 * ffmpeg counts from its earliest stream) and the check of each leading decoded frame's time
 * (`-copyts`: the stream's own time): frames before the wanted one are dropped (false), the wanted
 * one ends the check (true), anything else is an error.
 */
async function seekTo(
  tools: MediaTools,
  file: string,
  from: { frame: number; timesNs: Float64Array },
  signal?: AbortSignal,
) {
  const { frame, timesNs } = from;
  const at = timesNs[frame];
  if (at === undefined) throw new Error(`${file}: no frame ${frame} (it has ${timesNs.length})`);
  const half = (at - timesNs[frame - 1]!) / 2 / 1e9;
  const start = await videoStartTimes(tools, file, signal);
  const want = start.videoS + at / 1e9;
  return {
    seekS: Math.max(0, want - start.fileS - half),
    check: async (got: number | undefined, name: string): Promise<boolean> => {
      if (got === undefined) throw new Error(`${name}: ffmpeg reported no time for a decoded frame`);
      if (got < want - half) return false;
      if (got <= want + half) return true;
      throw new Error(
        `${name}: seeking to frame ${frame} (${want.toFixed(6)} s) decoded a frame at ${got.toFixed(6)} s first`,
      );
    },
  };
}
