import { describe, expect, it } from 'vitest';
import { followPatch, type GreyFrame } from '../../../src/redact/follow';

/** Seeded noise with a textured 20×20 square whose top-left corner is at `at`. */
function frame(at: { x: number; y: number }, seed: number): GreyFrame {
  const width = 120;
  const height = 80;
  const data = new Uint8Array(width * height);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = 60 + ((s >>> 16) % 40);
  }
  for (let y = 0; y < 20; y++)
    for (let x = 0; x < 20; x++) data[(at.y + y) * width + at.x + x] = 150 + ((x * 7 + y * 13) % 100);
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
});
