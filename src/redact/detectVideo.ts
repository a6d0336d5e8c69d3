import type { VideoProbe } from '../media/probe';
import type { MediaTools } from '../media/tools';
import type { Detector } from './detector';
import { decodeFrames } from './frames';
import { Tracker, type Track, type TrackerOptions } from './tracker';

/**
 * Runs a detector on every frame of a video (scaled to the size it asks for; boxes scaled back to
 * source pixels) and links the detections into tracks.
 */
export async function detectVideo(
  tools: MediaTools,
  file: string,
  probe: Pick<VideoProbe, 'width' | 'height' | 'timestampsNs'>,
  detector: Detector,
  opts: { signal?: AbortSignal; onFrame?: (n: number) => void; tracker?: Partial<TrackerOptions> } = {},
): Promise<{ frames: number; tracks: Track[] }> {
  const size = detector.inputSize(probe.width, probe.height);
  const sx = probe.width / size.width;
  const sy = probe.height / size.height;
  const tracker = new Tracker({ width: probe.width, height: probe.height }, opts.tracker);
  let n = 0;
  for await (const frame of decodeFrames(tools, file, size, { signal: opts.signal })) {
    opts.signal?.throwIfAborted();
    const found = await detector.detect(frame);
    tracker.push(
      n,
      found.map((b) => ({ x: b.x * sx, y: b.y * sy, w: b.w * sx, h: b.h * sy, score: b.score })),
    );
    n++;
    opts.onFrame?.(n);
  }
  if (n !== probe.timestampsNs.length)
    throw new Error(`${file}: ${n} frames decoded but its index lists ${probe.timestampsNs.length}`);
  return { frames: n, tracks: tracker.finish(n) };
}
