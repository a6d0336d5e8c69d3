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

/**
 * Mean squared difference of `box` in `a` and the `w × h` patch at (x, y) in `b` (scaled to the box),
 * sampled every `s` pixels of the box.
 */
function cost(a: GreyFrame, box: Box, b: GreyFrame, at: Box, s: number): number {
  let sum = 0;
  let n = 0;
  const kx = at.w / box.w;
  const ky = at.h / box.h;
  for (let dy = 0; dy < box.h; dy += s) {
    const ra = (box.y + dy) * a.width + box.x;
    const rb = (at.y + Math.min(at.h - 1, Math.round(dy * ky))) * b.width + at.x;
    for (let dx = 0; dx < box.w; dx += s) {
      const d = a.data[ra + dx]! - b.data[rb + Math.min(at.w - 1, Math.round(dx * kx))]!;
      sum += d * d;
      n++;
    }
  }
  return sum / n;
}

/** Sizes tried in each next frame, relative to the box's size in the frame before: a face nearing or leaving the camera. */
const SCALES = [1, 1 / 1.03, 1.03];

/**
 * Follows the picture inside `box` of `frames[start]` frame by frame towards `dir`: in each next
 * frame the patch is searched within a quarter of its size of where it was, at its size and 3%
 * smaller and larger (mean squared difference, the patch scaled to each size), and the patch found
 * becomes the one searched next. Answers a box for every frame from `start` to the end in that
 * direction, `start` first.
 */
export function followPatch(frames: readonly GreyFrame[], start: number, box: Box, dir: 1 | -1): Box[] {
  const first = frames[start];
  if (!first) throw new Error(`no frame ${start} to follow from`);
  const fit = (w: number, h: number) => ({
    w: Math.max(1, Math.min(first.width, Math.round(w))),
    h: Math.max(1, Math.min(first.height, Math.round(h))),
  });
  const clamp = (v: number, size: number, limit: number) =>
    Math.max(0, Math.min(limit - size, Math.round(v)));
  const { w, h } = fit(box.w, box.h);
  let cur: Box = { x: clamp(box.x, w, first.width), y: clamp(box.y, h, first.height), w, h };
  // Exact sizes as found; the answered box is rounded.
  let size = { w: box.w, h: box.h };
  const out = [cur];
  for (let i = start + dir; i >= 0 && i < frames.length; i += dir) {
    const prev = frames[i - dir]!;
    const next = frames[i]!;
    const step = Math.max(1, Math.floor(Math.min(cur.w, cur.h) / 16));
    const radius = Math.max(3, Math.round(Math.max(cur.w, cur.h) / 4));
    const cx = cur.x + cur.w / 2;
    const cy = cur.y + cur.h / 2;
    let best = { box: cur, size, cost: Number.POSITIVE_INFINITY };
    for (const k of SCALES) {
      const exact = { w: size.w * k, h: size.h * k };
      const at = fit(exact.w, exact.h);
      const x0 = cx - at.w / 2;
      const y0 = cy - at.h / 2;
      let found = { box: cur, cost: Number.POSITIVE_INFINITY };
      for (let y = clamp(y0 - radius, at.h, next.height); y <= clamp(y0 + radius, at.h, next.height); y++)
        for (let x = clamp(x0 - radius, at.w, next.width); x <= clamp(x0 + radius, at.w, next.width); x++) {
          const c = cost(prev, cur, next, { x, y, ...at }, step);
          // Ties keep the box nearest to where it was.
          if (
            c < found.cost ||
            (c === found.cost && Math.hypot(x - x0, y - y0) < Math.hypot(found.box.x - x0, found.box.y - y0))
          )
            found = { box: { x, y, ...at }, cost: c };
        }
      // The same size is tried first: a tie keeps it.
      if (found.cost < best.cost) best = { ...found, size: exact };
    }
    cur = best.box;
    size = best.size;
    out.push(cur);
  }
  return out;
}
