import type { Box } from './boxes';

/** A frame as 8-bit grey, row-major. */
export interface GreyFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Packed BGR to grey (ITU-R BT.601 weights). */
export function toGrey(frame: { width: number; height: number; data: Uint8Array }): GreyFrame {
  const n = frame.width * frame.height;
  const out = new Uint8Array(n);
  const d = frame.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (d[j]! * 29 + d[j + 1]! * 150 + d[j + 2]! * 77) >> 8;
  return { width: frame.width, height: frame.height, data: out };
}

/** Sum of squared differences of `box` in `a` and the same-sized patch at (x, y) in `b`, sampled every `s` pixels. */
function ssd(a: GreyFrame, box: Box, b: GreyFrame, x: number, y: number, s: number): number {
  let sum = 0;
  for (let dy = 0; dy < box.h; dy += s) {
    const ra = (box.y + dy) * a.width + box.x;
    const rb = (y + dy) * b.width + x;
    for (let dx = 0; dx < box.w; dx += s) {
      const d = a.data[ra + dx]! - b.data[rb + dx]!;
      sum += d * d;
    }
  }
  return sum;
}

/**
 * Follows the picture inside `box` of `frames[start]` frame by frame towards `dir`: in each next
 * frame the patch is searched within a quarter of its size of where it was (sum of squared
 * differences), and the patch found becomes the one searched next. Answers a box for every frame
 * from `start` to the end in that direction, `start` first. The box keeps its size.
 */
export function followPatch(frames: readonly GreyFrame[], start: number, box: Box, dir: 1 | -1): Box[] {
  const first = frames[start];
  if (!first) throw new Error(`no frame ${start} to follow from`);
  const w = Math.max(1, Math.min(first.width, Math.round(box.w)));
  const h = Math.max(1, Math.min(first.height, Math.round(box.h)));
  const clampX = (x: number) => Math.max(0, Math.min(first.width - w, Math.round(x)));
  const clampY = (y: number) => Math.max(0, Math.min(first.height - h, Math.round(y)));
  let cur: Box = { x: clampX(box.x), y: clampY(box.y), w, h };
  const out = [cur];
  const radius = Math.max(3, Math.round(Math.max(w, h) / 4));
  const step = Math.max(1, Math.floor(Math.min(w, h) / 16));
  for (let i = start + dir; i >= 0 && i < frames.length; i += dir) {
    const prev = frames[i - dir]!;
    const next = frames[i]!;
    let best = { x: cur.x, y: cur.y, cost: Number.POSITIVE_INFINITY };
    for (let y = clampY(cur.y - radius); y <= clampY(cur.y + radius); y++)
      for (let x = clampX(cur.x - radius); x <= clampX(cur.x + radius); x++) {
        const cost = ssd(prev, cur, next, x, y, step);
        // Ties keep the box nearest to where it was.
        if (
          cost < best.cost ||
          (cost === best.cost &&
            Math.hypot(x - cur.x, y - cur.y) < Math.hypot(best.x - cur.x, best.y - cur.y))
        )
          best = { x, y, cost };
      }
    cur = { x: best.x, y: best.y, w, h };
    out.push(cur);
  }
  return out;
}
