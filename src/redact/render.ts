import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { runTool } from '../media/run';
import type { MediaTools } from '../media/tools';
import type { Box } from './boxes';
import { maskFrame, maskHeader } from './maskStream';

export type RedactMode = 'pixelate' | 'blur';

/** What to hide in one frame: boxes in source pixels, or the whole frame. */
export type FrameMask = readonly Box[] | 'all';

export interface RenderInput {
  source: string;
  out: string;
  width: number;
  height: number;
  /** Each frame's time in ns from the first frame (the source's, from its packet index). */
  timestampsNs: Float64Array;
  /** The source video stream's time base, `num/den` as ffprobe prints it. */
  timeBase: string;
  /** How much later than the file's earliest stream the video starts (`videoStartOffsetNs`). */
  startOffsetNs: number;
  mask: (frame: number) => FrameMask;
  mode: RedactMode;
  keepAudio: boolean;
  signal?: AbortSignal;
}

/**
 * The filter graph: the whole frame pixelated (or blurred) once, then laid over the source through
 * the mask (input 1, white where hidden). Only the mask's frames carry per-frame geometry, so the
 * graph stays the same size however many boxes a video has.
 */
export function redactFilter(width: number, height: number, mode: RedactMode): string {
  const block = Math.max(8, Math.round(Math.max(width, height) / 48));
  const radius = Math.max(
    4,
    Math.min(Math.floor(Math.min(width, height) / 4) - 1, Math.round(Math.max(width, height) / 40)),
  );
  const hide =
    mode === 'pixelate'
      ? `scale=${Math.max(2, Math.ceil(width / block))}:${Math.max(2, Math.ceil(height / block))}:flags=area,scale=${width}:${height}:flags=neighbor`
      : `boxblur=luma_radius=${radius}:luma_power=3:chroma_radius=${Math.max(1, Math.floor(radius / 2))}:chroma_power=3`;
  return (
    `[0:v:0]format=yuv420p,split=2[src][cp];[cp]${hide}[hid];` +
    `[1:v]format=gray[m];[hid][m]alphamerge[hm];[src][hm]overlay=format=yuv420:eof_action=repeat[out]`
  );
}

/**
 * Encoder settings shared by the render and the plain re-encode it is measured against (bench).
 * `-vsync passthrough` (both ffmpeg 4.1 and 5.1 know it) keeps one output frame per input frame and
 * `-enc_time_base` set to the source's time base (a filter graph's output would otherwise be encoded
 * at 1/frame rate), so every frame keeps its time exactly.
 */
export const ENCODE_ARGS = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'];
export const timingArgs = (timeBase: string) => ['-vsync', 'passthrough', '-enc_time_base', timeBase];

/**
 * Metadata left out of the copy: container and stream tags (GPS, serials, creation times, encoder
 * names), chapters, and H.264 SEI units (NAL type 6, where encoders and cameras put user data).
 */
export const STRIP_ARGS = [
  '-map_metadata',
  '-1',
  '-map_chapters',
  '-1',
  '-fflags',
  '+bitexact',
  '-flags:v',
  '+bitexact',
  '-flags:a',
  '+bitexact',
  '-bsf:v',
  'filter_units=remove_types=6',
];

/**
 * A stream copy into the final file: ffmpeg 5.1 writes its encoder's name into the mp4 sample entry
 * of any stream it encodes (even bit-exact); a copied stream gets none. Times are copied as they are.
 */
export const remuxArgs = (from: string, to: string) => [
  '-v',
  'error',
  '-nostdin',
  '-i',
  from,
  '-map',
  '0',
  '-c',
  'copy',
  '-map_metadata',
  '-1',
  '-map_chapters',
  '-1',
  '-fflags',
  '+bitexact',
  '-movflags',
  '+faststart',
  '-y',
  to,
];

export function renderArgs(
  input: Pick<
    RenderInput,
    'source' | 'out' | 'width' | 'height' | 'mode' | 'keepAudio' | 'timeBase' | 'startOffsetNs'
  >,
): string[] {
  const audio = input.keepAudio ? ['-map', '0:a?', '-c:a', 'aac', '-b:a', '160k'] : ['-an'];
  return [
    '-v',
    'error',
    '-nostdin',
    '-i',
    input.source,
    // ffmpeg counts each input's times from its earliest stream: the mask (which starts at its first
    // frame) is moved to where the video starts on the source's clock.
    '-itsoffset',
    (input.startOffsetNs / 1e9).toFixed(6),
    '-f',
    'matroska',
    '-i',
    'pipe:0',
    '-filter_complex',
    redactFilter(input.width, input.height, input.mode),
    '-map',
    '[out]',
    ...audio,
    ...ENCODE_ARGS,
    ...timingArgs(input.timeBase),
    ...STRIP_ARGS,
    '-f',
    'mp4',
    '-y',
    input.out,
  ];
}

/** Renders the redacted copy; the mask is written to ffmpeg frame by frame as it reads it. */
export async function renderRedacted(tools: MediaTools, input: RenderInput): Promise<void> {
  const encoded = `${input.out}.encoded.mp4`;
  try {
    await encode(tools, { ...input, out: encoded });
    await runTool(tools.ffmpeg, remuxArgs(encoded, input.out), { signal: input.signal });
  } finally {
    rmSync(encoded, { force: true });
  }
}

async function encode(tools: MediaTools, input: RenderInput): Promise<void> {
  const child = spawn(tools.ffmpeg, renderArgs(input), {
    stdio: ['pipe', 'ignore', 'pipe'],
    signal: input.signal,
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('close', resolve);
    child.on('error', reject);
  });
  child.stdin.on('error', () => {}); // ffmpeg failing early closes its input; its exit code tells why
  const { width, height } = input;
  const pixels = new Uint8Array(width * height);
  const write = (b: Buffer) =>
    child.stdin.write(b) ? Promise.resolve() : new Promise<void>((r) => child.stdin.once('drain', () => r()));
  await write(maskHeader(width, height));
  for (let f = 0; f < input.timestampsNs.length && child.exitCode === null; f++) {
    input.signal?.throwIfAborted();
    const m = input.mask(f);
    if (m === 'all') pixels.fill(255);
    else {
      pixels.fill(0);
      for (const b of m) fillRect(pixels, width, height, b);
    }
    // A little earlier than the frame's time, never later: the overlay pairs it with that frame.
    await write(maskFrame(Math.max(0, input.timestampsNs[f]! - MASK_LEAD_NS), pixels));
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`rendering the redacted copy failed: ${tail || `ffmpeg exited with code ${code}`}`);
  }
}

/**
 * How much earlier than its frame each mask frame is stamped: more than the microsecond to which
 * ffprobe gives start times, less than the interval between frames of any camera (1 ms at 1000 fps).
 */
const MASK_LEAD_NS = 100_000;

function fillRect(pixels: Uint8Array, width: number, height: number, b: Box): void {
  const x0 = Math.max(0, Math.floor(b.x));
  const x1 = Math.min(width, Math.ceil(b.x + b.w));
  const y0 = Math.max(0, Math.floor(b.y));
  const y1 = Math.min(height, Math.ceil(b.y + b.h));
  for (let y = y0; y < y1; y++) pixels.fill(255, y * width + x0, y * width + x1);
}
