/** An axis-aligned box in source pixels: left, top, width, height. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A box a detector found, with its confidence in [0, 1]. */
export interface ScoredBox extends Box {
  score: number;
}

export function area(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

export function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: Box, b: Box): number {
  const i = intersection(a, b);
  return i === 0 ? 0 : i / (area(a) + area(b) - i);
}

/** Greedy non-maximum suppression: the best box of each overlapping group, best first. */
export function nms<T extends ScoredBox>(boxes: readonly T[], threshold: number): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const b of sorted) if (kept.every((k) => iou(k, b) <= threshold)) kept.push(b);
  return kept;
}

/** The box grown by `factor` about its centre (so hair and chin are covered). */
export function enlarge(b: Box, factor: number): Box {
  const w = b.w * factor;
  const h = b.h * factor;
  return { x: b.x + b.w / 2 - w / 2, y: b.y + b.h / 2 - h / 2, w, h };
}

/** The box cut to the frame and rounded outwards to whole pixels; null when nothing is left. */
export function clampToFrame(b: Box, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor(b.x));
  const y0 = Math.max(0, Math.floor(b.y));
  const x1 = Math.min(width, Math.ceil(b.x + b.w));
  const y1 = Math.min(height, Math.ceil(b.y + b.h));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** Linear interpolation between two boxes, `t` in [0, 1]. */
export function lerpBox(a: Box, b: Box, t: number): Box {
  const l = (p: number, q: number) => p + (q - p) * t;
  return { x: l(a.x, b.x), y: l(a.y, b.y), w: l(a.w, b.w), h: l(a.h, b.h) };
}

/** The fraction of `target`'s area inside the union of `cover` (sampled on a pixel grid). */
export function coveredFraction(target: Box, cover: readonly Box[]): number {
  const x0 = Math.floor(target.x);
  const y0 = Math.floor(target.y);
  const w = Math.max(1, Math.round(target.w));
  const h = Math.max(1, Math.round(target.h));
  let inside = 0;
  for (let j = 0; j < h; j++) {
    const py = y0 + j + 0.5;
    for (let i = 0; i < w; i++) {
      const px = x0 + i + 0.5;
      if (cover.some((c) => px >= c.x && px < c.x + c.w && py >= c.y && py < c.y + c.h)) inside++;
    }
  }
  return inside / (w * h);
}
