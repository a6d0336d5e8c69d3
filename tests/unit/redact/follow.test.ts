import { describe, expect, it } from 'vitest';
import { followPatch, type GreyFrame } from '../../../src/redact/follow';

/** Seeded noise with a textured square (20×20 unless `size`) whose top-left corner is at `at`; its texture scales with it. */
function frame(at: { x: number; y: number }, seed: number, size = 20, width = 120, height = 80): GreyFrame {
  const data = new Uint8Array(width * height);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = 60 + ((s >>> 16) % 40);
  }
  const k = 20 / size;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      data[(at.y + y) * width + at.x + x] = 150 + ((Math.floor(x * k) * 7 + Math.floor(y * k) * 13) % 100);
  return { width, height, data };
}

describe('following a patch', () => {
  it('follows a square moving 3 px right and 1 px down a frame, forwards and backwards', () => {
    const path = Array.from({ length: 12 }, (_, i) => ({ x: 10 + 3 * i, y: 20 + i }));
    const frames = path.map((p, i) => frame(p, i + 1));
    const on = followPatch(frames, 4, { ...path[4]!, w: 20, h: 20 }, 1);
    expect(on.map((b) => ({ x: b.x, y: b.y }))).toEqual(path.slice(4));
    const back = followPatch(frames, 4, { ...path[4]!, w: 20, h: 20 }, -1);
    expect(back.map((b) => ({ x: b.x, y: b.y }))).toEqual(path.slice(0, 5).reverse());
    expect(on.every((b) => b.w === 20 && b.h === 20)).toBe(true);
  });

  it('keeps the box inside the frame at its edge', () => {
    const frames = [frame({ x: 95, y: 55 }, 1), frame({ x: 100, y: 60 }, 2)];
    const [, next] = followPatch(frames, 0, { x: 95, y: 55, w: 30, h: 30 }, 1);
    expect(next!.x + next!.w).toBeLessThanOrEqual(120);
    expect(next!.y + next!.h).toBeLessThanOrEqual(80);
  });

  it('grows the box with a square nearing the camera (2.5% a frame), and shrinks it going back', () => {
    const sizes = Array.from({ length: 12 }, (_, i) => Math.round(48 * 1.025 ** i));
    const at = (size: number) => ({ x: 100 - Math.round(size / 2), y: 80 - Math.round(size / 2) });
    const frames = sizes.map((size, i) => frame(at(size), i + 1, size, 200, 160));
    const on = followPatch(frames, 0, { ...at(48), w: 48, h: 48 }, 1);
    // 48 → 63 px: the box grows with it, a little behind (a box of the drawn size would stay 48).
    expect(on.at(-1)!.w).toBeGreaterThanOrEqual(56);
    expect(on.at(-1)!.w).toBeLessThanOrEqual(64);
    for (const [i, b] of on.entries()) expect(b.w, `frame ${i}`).toBeLessThanOrEqual(sizes[i]! + 1);
    const last = sizes.length - 1;
    const back = followPatch(frames, last, { ...at(sizes[last]!), w: sizes[last]!, h: sizes[last]! }, -1);
    expect(back.at(-1)!.w).toBeGreaterThanOrEqual(47);
    expect(back.at(-1)!.w).toBeLessThanOrEqual(55);
  });
});
