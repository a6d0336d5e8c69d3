// Pure steps of cutting an episode into windows: which frames fall in a window, and how spans
// (segments, trims) are clipped to it and rebased to its start.

/** Pieces of a segment shorter than this are dropped when a cut clips it. */
export const MIN_SPAN_NS = 1_000_000;

export interface Span {
  startNs: number;
  endNs: number;
}

/** First index whose time is at or after `t` (times ascending). */
export function lowerBound(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The half-open index range of the frames whose times lie in `[startNs, endNs)`. */
export function frameRange(times: ArrayLike<number>, startNs: number, endNs: number): [number, number] {
  return [lowerBound(times, startNs), lowerBound(times, endNs)];
}

/** Windows `[a, b)` between consecutive cuts, covering `[0, durationNs)`; cuts sorted and distinct. */
export function cutWindows(durationNs: number, cutsNs: readonly number[]): Span[] {
  const edges = [0, ...cutsNs, durationNs];
  return edges.slice(1).map((endNs, i) => ({ startNs: edges[i]!, endNs }));
}

/**
 * The part of `span` inside `window`, in the window's time (window start = 0), or null when less
 * than `minNs` of it is inside.
 */
export function clipSpan<T extends Span>(span: T, window: Span, minNs = MIN_SPAN_NS): T | null {
  const startNs = Math.max(span.startNs, window.startNs);
  const endNs = Math.min(span.endNs, window.endNs);
  if (endNs - startNs < minNs || endNs <= startNs) return null;
  return { ...span, startNs: startNs - window.startNs, endNs: endNs - window.startNs };
}

/** Moves a span by `deltaNs` (from one window's time to another's). */
export const shiftSpan = <T extends Span>(span: T, deltaNs: number): T => ({
  ...span,
  startNs: span.startNs + deltaNs,
  endNs: span.endNs + deltaNs,
});

/**
 * Joins each span to the one before it when `canJoin` says so (a segment a split clipped in two
 * comes back whole when its parts are merged). Input sorted by start.
 */
export function joinSpans<T extends Span>(spans: readonly T[], canJoin: (prev: T, next: T) => boolean): T[] {
  const out: T[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && canJoin(prev, s)) out[out.length - 1] = { ...prev, endNs: Math.max(prev.endNs, s.endNs) };
    else out.push(s);
  }
  return out;
}

/** Typical interval between frames: the median gap of the first 64 frames, or 0 with one frame. */
export function frameInterval(times: ArrayLike<number>): number {
  const n = Math.min(times.length, 64);
  if (n < 2) return 0;
  const gaps = Array.from({ length: n - 1 }, (_, i) => times[i + 1]! - times[i]!).sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}
