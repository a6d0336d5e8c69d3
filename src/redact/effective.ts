import { lerpBox, type Box } from './boxes';

export interface FrameBox extends Box {
  frame: number;
  score: number;
}

/**
 * The boxes a track hides, one per frame, after the reviewer's keyframes: at a keyframe its box;
 * between two keyframes the linear interpolation of theirs; elsewhere the tracked box. A track the
 * reviewer drew (no tracked boxes) holds its first and last keyframe out to `first` and `last`.
 * Keyframes outside the tracked frames extend the track to them.
 */
export function effectiveBoxes(
  tracked: readonly FrameBox[],
  keyframes: readonly (Box & { frame: number })[],
  span?: { first: number; last: number },
): FrameBox[] {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame);
  if (keys.length === 0) return [...tracked];
  const byFrame = new Map(tracked.map((b) => [b.frame, b]));
  const frames = new Set<number>(tracked.map((b) => b.frame));
  const lo = Math.min(keys[0]!.frame, span?.first ?? Infinity, tracked[0]?.frame ?? Infinity);
  const hi = Math.max(keys.at(-1)!.frame, span?.last ?? -Infinity, tracked.at(-1)?.frame ?? -Infinity);
  for (let f = lo; f <= hi; f++) {
    const inside = keys[0]!.frame <= f && f <= keys.at(-1)!.frame;
    if (inside || (tracked.length === 0 && span)) frames.add(f);
  }
  const out: FrameBox[] = [];
  let k = 0;
  for (const f of [...frames].sort((a, b) => a - b)) {
    while (k + 1 < keys.length && keys[k + 1]!.frame <= f) k++;
    const score = byFrame.get(f)?.score ?? 1;
    const a = keys[k]!;
    let box: Box | undefined;
    if (f === a.frame) box = a;
    else if (f > a.frame && k + 1 < keys.length) {
      const b = keys[k + 1]!;
      box = lerpBox(a, b, (f - a.frame) / (b.frame - a.frame));
    } else box = byFrame.get(f) ?? (f < keys[0]!.frame ? keys[0]! : keys.at(-1)!);
    out.push({
      frame: f,
      x: Math.round(box.x),
      y: Math.round(box.y),
      w: Math.round(box.w),
      h: Math.round(box.h),
      score,
    });
  }
  return out;
}
