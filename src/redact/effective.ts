import { lerpBox, type Box } from './boxes';

export interface FrameBox extends Box {
  frame: number;
  score: number;
}

type Keyframe = Box & { frame: number };

/**
 * The boxes a track hides, one per frame, after the reviewer's keyframes: at a keyframe its box;
 * between two keyframes the linear interpolation of theirs; elsewhere the tracked box. Keyframes
 * outside the tracked frames extend the track to them (interpolated from the track's nearest box);
 * a track the reviewer drew holds its first and last keyframe out to `held.first` and `held.last`.
 */
export function effectiveBoxes(
  tracked: readonly FrameBox[],
  keyframes: readonly Keyframe[],
  held?: { first: number; last: number },
): FrameBox[] {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame);
  if (keys.length === 0) return [...tracked];
  const firstKey = keys[0]!.frame;
  const lastKey = keys.at(-1)!.frame;
  // Each frame's box before interpolating across frames that have none.
  const known = new Map<number, FrameBox>(tracked.map((b) => [b.frame, b]));
  let k = 0;
  for (let f = firstKey; f <= lastKey; f++) {
    while (k + 1 < keys.length && keys[k + 1]!.frame <= f) k++;
    const a = keys[k]!;
    const b = keys[k + 1];
    const box = f === a.frame || !b ? a : lerpBox(a, b, (f - a.frame) / (b.frame - a.frame));
    known.set(f, { ...rounded(box), frame: f, score: known.get(f)?.score ?? 1 });
  }
  const lo = Math.min(firstKey, held?.first ?? Infinity, tracked[0]?.frame ?? Infinity);
  const hi = Math.max(lastKey, held?.last ?? -Infinity, tracked.at(-1)?.frame ?? -Infinity);
  const frames = [...known.keys()].sort((x, y) => x - y);
  const out: FrameBox[] = [];
  let i = 0;
  for (let f = lo; f <= hi; f++) {
    const at = known.get(f);
    if (at) {
      out.push(at);
      continue;
    }
    while (i + 1 < frames.length && frames[i + 1]! < f) i++;
    const before = frames[i]! < f ? known.get(frames[i]!) : undefined;
    const after = known.get(frames.find((x) => x > f)!);
    const box =
      before && after
        ? lerpBox(before, after, (f - before.frame) / (after.frame - before.frame))
        : (before ?? after)!;
    out.push({ ...rounded(box), frame: f, score: (before ?? after)!.score });
  }
  return out;
}

const rounded = (b: Box): Box => ({
  x: Math.round(b.x),
  y: Math.round(b.y),
  w: Math.round(b.w),
  h: Math.round(b.h),
});
