import { describe, expect, it } from 'vitest';
import { cropFrame, shrinkFrame, tileGrid, tileStarts } from '../../../src/redact/tiles';

describe('tiles', () => {
  it('spreads overlapping tiles evenly over a 4K frame, reaching both edges', () => {
    expect(tileStarts(3840, 1280, 0.2)).toEqual([0, 853, 1707, 2560]);
    expect(tileStarts(2160, 720, 0.2)).toEqual([0, 480, 960, 1440]);
    expect(tileStarts(1000, 1280, 0.2)).toEqual([0]);
    const grid = tileGrid(3840, 2160, { width: 1280, height: 720 }, 0.2);
    expect(grid.tiles).toHaveLength(16);
    // Columns overlap by 427 px, rows by 240 px.
    expect(grid.overlapPx).toBe(240);
    expect(tileGrid(1000, 500, { width: 1280, height: 720 }, 0.2)).toEqual({
      tiles: [{ x: 0, y: 0, w: 1000, h: 500 }],
      overlapPx: Infinity,
    });
    for (const starts of [tileStarts(3840, 1280, 0.2), tileStarts(5000, 640, 0.2)])
      for (let i = 1; i < starts.length; i++)
        expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(0.8 * 1280);
    expect(tileStarts(5000, 640, 0.2).at(-1)).toBe(5000 - 640);
  });

  it('crops a tile and shrinks a frame by averaging each footprint', () => {
    // 4×2 BGR frame: pixel value = 10·x + y in every channel.
    const data = new Uint8Array(4 * 2 * 3);
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 4; x++) data.fill(10 * x + y, (y * 4 + x) * 3, (y * 4 + x + 1) * 3);
    const frame = { width: 4, height: 2, data };
    expect([...cropFrame(frame, { x: 1, y: 1, w: 2, h: 1 }).data]).toEqual([11, 11, 11, 21, 21, 21]);
    const half = shrinkFrame(frame, 2, 1);
    // Means of {0,1,10,11} = 5.5 and {20,21,30,31} = 25.5, rounded.
    expect([...half.data]).toEqual([6, 6, 6, 26, 26, 26]);
    expect(() => shrinkFrame(frame, 8, 2)).toThrow(/larger/);
  });
});
