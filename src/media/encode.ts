import { runTool } from './run';
import type { MediaTools } from './tools';

/** H.264 with a short keyframe interval (cheap, exact seeks in the viewer). */
const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '10', '-pix_fmt', 'yuv420p'];
/** MPEG-4 Part 2, for ffmpeg builds without libx264. */
const MPEG4 = ['-c:v', 'mpeg4', '-q:v', '4', '-g', '10', '-pix_fmt', 'yuv420p'];

/**
 * Runs ffmpeg with `input` (its input options), encoding H.264, or MPEG-4 Part 2 when the build has
 * no libx264, then `output` (its output options and file). `timeBase` is each encoder's
 * `-enc_time_base`, where the input's times matter (MPEG-4 Part 2 allows at most 1/65535 s).
 */
export async function encodeVideo(
  tools: MediaTools,
  args: { input: string[]; output: string[]; timeBase?: { h264: string; mpeg4: string } },
  opts: { stdin?: Uint8Array; signal?: AbortSignal | undefined },
): Promise<void> {
  const run = (codec: string[], timeBase: string | undefined) =>
    runTool(
      tools.ffmpeg,
      [
        '-v',
        'error',
        ...args.input,
        ...(timeBase === undefined ? [] : ['-enc_time_base', timeBase]),
        ...codec,
        ...args.output,
      ],
      { ...(opts.stdin ? { input: opts.stdin } : {}), ...(opts.signal ? { signal: opts.signal } : {}) },
    );
  try {
    await run(H264, args.timeBase?.h264);
  } catch (e) {
    if (!/libx264|Unknown encoder/i.test((e as Error).message)) throw e;
    await run(MPEG4, args.timeBase?.mpeg4);
  }
}

/** Encodes raw RGB frames to an mp4 (H.264, else MPEG-4 Part 2). */
export async function encodeRgbFrames(
  tools: MediaTools,
  frames: { width: number; height: number; fps: number; data: Uint8Array },
  out: string,
  signal?: AbortSignal,
): Promise<void> {
  const input = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${frames.width}x${frames.height}`];
  await encodeVideo(
    tools,
    {
      input: [...input, '-r', `${frames.fps}`, '-i', 'pipe:0'],
      output: ['-movflags', '+faststart', '-an', '-y', out],
    },
    { stdin: frames.data, signal },
  );
}
