import { runTool } from '../media/run';
import type { MediaTools } from '../media/tools';
import type { FeatureStats } from './stats';

/** Per-channel statistics of a camera: values shaped `[3][1][1]`, as LeRobot keeps them for images. */
export interface ImageStats {
  min: number[][][];
  max: number[][][];
  mean: number[][][];
  std: number[][][];
  count: number[];
}

/** LeRobot's `estimate_num_samples`: all frames up to 100, then frames^0.75 up to 10,000. */
export function sampleCount(frames: number): number {
  const least = Math.min(100, frames);
  return Math.max(least, Math.min(Math.floor(frames ** 0.75), 10_000));
}

/**
 * A clip's RGB statistics in [0, 1] over LeRobot's evenly spaced sample of frames, each frame taken
 * at about 150 pixels on its longer side (LeRobot's `auto_downsample_height_width`) when it is 300 or more.
 */
export async function clipImageStats(
  tools: MediaTools,
  clip: string,
  frames: number,
  width: number,
  height: number,
  signal?: AbortSignal,
): Promise<ImageStats> {
  const factor = Math.max(width, height) < 300 ? 1 : Math.floor(Math.max(width, height) / 150);
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const raw = await runTool(
    tools.ffmpeg,
    [
      '-v',
      'error',
      '-i',
      clip,
      '-vf',
      `scale=${w}:${h}:flags=neighbor`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    signal === undefined ? {} : { signal },
  );
  const frameBytes = w * h * 3;
  const decoded = Math.floor(raw.byteLength / frameBytes);
  const n = sampleCount(Math.min(frames, decoded));
  const picks = Array.from({ length: n }, (_, i) => Math.round(n > 1 ? (i * (decoded - 1)) / (n - 1) : 0));
  const min = [255, 255, 255];
  const max = [0, 0, 0];
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  for (const f of picks) {
    const base = f * frameBytes;
    for (let p = 0; p < w * h; p++) {
      for (let c = 0; c < 3; c++) {
        const v = raw[base + p * 3 + c]!;
        if (v < min[c]!) min[c] = v;
        if (v > max[c]!) max[c] = v;
        sum[c]! += v;
        sq[c]! += v * v;
      }
    }
  }
  const count = picks.length * w * h;
  const mean = sum.map((s) => s / count);
  const std = sq.map((s, c) => Math.sqrt(Math.max(0, s / count - mean[c]! ** 2)));
  const shaped = (xs: number[]) => xs.map((x) => [[x / 255]]);
  return { min: shaped(min), max: shaped(max), mean: shaped(mean), std: shaped(std), count: [picks.length] };
}

/** Image statistics flattened per channel, to aggregate them like any feature's. */
export const flatImageStats = (s: ImageStats): FeatureStats => ({
  min: s.min.map((c) => c[0]![0]!),
  max: s.max.map((c) => c[0]![0]!),
  mean: s.mean.map((c) => c[0]![0]!),
  std: s.std.map((c) => c[0]![0]!),
  count: s.count,
});

export const shapedImageStats = (s: FeatureStats): ImageStats => ({
  min: s.min.map((x) => [[x]]),
  max: s.max.map((x) => [[x]]),
  mean: s.mean.map((x) => [[x]]),
  std: s.std.map((x) => [[x]]),
  count: s.count,
});
