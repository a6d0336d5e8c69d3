// Frame lookups over a stream's per-frame timestamps (int64 ns, ascending).

/** Index of the latest frame at or before `t`, or 0 before the first frame. */
export function frameAt(timestampsNs: Float64Array, t: number): number {
  let lo = 0;
  let hi = timestampsNs.length - 1;
  if (hi < 0 || t < timestampsNs[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timestampsNs[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Typical frame interval: the median of the first gaps. */
export function frameInterval(timestampsNs: Float64Array): number {
  const n = Math.min(timestampsNs.length, 64);
  if (n < 2) return 1e9 / 30;
  const gaps = Array.from({ length: n - 1 }, (_, i) => timestampsNs[i + 1]! - timestampsNs[i]!);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1]! || 1e9 / 30;
}

/**
 * Where to seek a video to show frame `i`: the middle of its display interval. Seeking exactly to a
 * frame's timestamp shows the previous frame in a quarter to a third of H.264 seeks in Chromium;
 * the midpoint is unambiguous. `offsetNs` is where the stream's t=0 lies in the file (a part of a
 * recording plays a window of the original file).
 */
export function seekTargetSeconds(timestampsNs: Float64Array, i: number, offsetNs = 0): number {
  const t = timestampsNs[i] ?? 0;
  const next = timestampsNs[i + 1] ?? t + frameInterval(timestampsNs);
  return (offsetNs + (t + next) / 2) / 1e9;
}

/**
 * The frame a presented `mediaTime` (seconds into the file) belongs to, or -1 for a frame of the file
 * before the stream's first (a part of a recording whose window starts later in the file).
 */
export function frameOfMediaTime(timestampsNs: Float64Array, mediaTime: number, offsetNs = 0): number {
  // A presented frame's mediaTime is its timestamp up to rounding in the container's time base.
  const t = mediaTime * 1e9 - offsetNs + 1e5;
  if (timestampsNs.length > 0 && t < timestampsNs[0]!) return -1;
  return frameAt(timestampsNs, t);
}

/** Reads an int64 little-endian timestamps blob. */
export function parseTimestamps(buf: ArrayBuffer): Float64Array {
  const ints = new BigInt64Array(buf, 0, Math.floor(buf.byteLength / 8));
  return Float64Array.from(ints, (v) => Number(v));
}
