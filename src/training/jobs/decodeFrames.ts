import { runTool } from '../../media/run';
import type { MediaTools } from '../../media/tools';

/** Which frames of a video file to decode: a part of a recording plays a window of the original. */
export interface FrameWindow {
  /** Source time (ns into the file) of the first frame wanted; 0 for an original. */
  firstFrameNs: number;
  /** Typical frame interval in ns, to seek a little before the first frame. */
  frameNs: number;
  /** How many frames to return; the last decoded frame repeats if the file has fewer. */
  frames: number;
}

/**
 * Decodes frames of a video file to RGB at size x size. For a window that starts inside the file,
 * ffmpeg seeks (input `-ss`, which decodes from the keyframe before and drops what precedes the
 * target) to a quarter frame before the first wanted frame, so rounding of the container's time base
 * can neither drop that frame nor let the one before it in.
 */
export async function decodeFrames(
  tools: MediaTools,
  file: string,
  window: FrameWindow,
  size: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const seekNs = window.firstFrameNs - window.frameNs / 4;
  const seek = seekNs > 0 ? ['-ss', (seekNs / 1e9).toFixed(6)] : [];
  const raw = await runTool(
    tools.ffmpeg,
    [
      ...['-v', 'error', ...seek, '-i', file, '-frames:v', String(Math.max(1, window.frames))],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${size}x${size}`, '-vsync', 'passthrough', 'pipe:1'],
    ],
    signal === undefined ? {} : { signal },
  );
  const frameBytes = size * size * 3;
  const decoded = Math.floor(raw.byteLength / frameBytes);
  if (decoded === 0) throw new Error(`video ${file} decoded to no frames`);
  const out = new Uint8Array(window.frames * frameBytes);
  for (let i = 0; i < window.frames; i++) {
    const src = Math.min(i, decoded - 1) * frameBytes;
    out.set(raw.subarray(src, src + frameBytes), i * frameBytes);
  }
  return out;
}
