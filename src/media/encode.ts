import { runTool } from './run';
import type { MediaTools } from './tools';

/**
 * Encodes raw RGB frames to an H.264 mp4 with a short keyframe interval (cheap, exact seeks in the
 * viewer). Falls back to MPEG-4 Part 2 when the ffmpeg build has no libx264.
 */
export async function encodeRgbFrames(
  tools: MediaTools,
  frames: { width: number; height: number; fps: number; data: Uint8Array },
  out: string,
  signal?: AbortSignal,
): Promise<void> {
  const input = [
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${frames.width}x${frames.height}`,
    '-r',
    `${frames.fps}`,
    '-i',
    'pipe:0',
  ];
  const tail = ['-movflags', '+faststart', '-an', '-y', out];
  try {
    await runTool(
      tools.ffmpeg,
      [
        '-v',
        'error',
        ...input,
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-g',
        '10',
        '-pix_fmt',
        'yuv420p',
        ...tail,
      ],
      { input: frames.data, signal },
    );
  } catch (e) {
    if (!/libx264|Unknown encoder/i.test((e as Error).message)) throw e;
    await runTool(
      tools.ffmpeg,
      ['-v', 'error', ...input, '-c:v', 'mpeg4', '-q:v', '4', '-g', '10', ...tail],
      {
        input: frames.data,
        signal,
      },
    );
  }
}
