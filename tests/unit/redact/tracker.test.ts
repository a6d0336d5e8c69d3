import { describe, expect, it } from 'vitest';
import type { ScoredBox } from '../../../src/redact/boxes';
import { Tracker } from '../../../src/redact/tracker';

const FRAME = { width: 1000, height: 1000 };
const face = (x: number, y: number, size = 50, score = 0.9): ScoredBox => ({ x, y, w: size, h: size, score });
const noGrow = { enlarge: 1, hold: 0 };

describe('Tracker', () => {
  it('links a moving face into one track, and fills a gap in the detections by interpolation', () => {
    const t = new Tracker(FRAME, noGrow);
    for (let f = 0; f < 20; f++) t.push(f, f >= 8 && f <= 11 ? [] : [face(100 + 10 * f, 200)]);
    const tracks = t.finish(20);
    expect(tracks).toHaveLength(1);
    const boxes = tracks[0]!.boxes;
    expect(boxes.map((b) => b.frame)).toEqual([...Array(20).keys()]);
    expect(boxes[9]).toMatchObject({ x: 190, y: 200, w: 50, h: 50, source: 'interpolated' });
    expect(boxes[12]!.source).toBe('detected');
  });

  it('starts a new track after a gap longer than maxGap', () => {
    const t = new Tracker(FRAME, { ...noGrow, maxGap: 3 });
    for (let f = 0; f < 20; f++) t.push(f, f >= 5 && f < 10 ? [] : [face(100, 100)]);
    const tracks = t.finish(20);
    expect(tracks.map((k) => [k.first, k.last])).toEqual([
      [0, 4],
      [10, 19],
    ]);
  });

  it('keeps two faces apart when they cross, by their motion', () => {
    const t = new Tracker(FRAME, noGrow);
    // A moves right, B moves left on the same row; they overlap around frame 10.
    for (let f = 0; f <= 20; f++) t.push(f, [face(100 + 20 * f, 300), face(500 - 20 * f, 310)]);
    const tracks = t.finish(21);
    expect(tracks).toHaveLength(2);
    const movingRight = tracks.find((k) => k.boxes[0]!.x === 100)!;
    const movingLeft = tracks.find((k) => k.boxes[0]!.x === 500)!;
    expect(movingRight.boxes.at(-1)!.x).toBe(500);
    expect(movingLeft.boxes.at(-1)!.x).toBe(100);
    for (const b of movingRight.boxes) expect(b.y).toBe(300);
  });

  it('holds a track before its first and after its last detection, within the video', () => {
    const t = new Tracker(FRAME, { enlarge: 1, hold: 4 });
    for (let f = 0; f < 30; f++) t.push(f, f >= 2 && f <= 20 ? [face(100 + 5 * f, 100)] : []);
    const [track] = t.finish(30);
    expect([track!.first, track!.last]).toEqual([0, 24]);
    expect(track!.boxes.filter((b) => b.source === 'held').map((b) => b.frame)).toEqual([
      0, 1, 21, 22, 23, 24,
    ]);
    // Held forward along its motion: 5 px a frame.
    expect(track!.boxes.at(-1)!.x).toBe(100 + 5 * 24);
  });

  it('enlarges boxes about their centre and cuts them to the frame', () => {
    const t = new Tracker(FRAME, { enlarge: 1.3, hold: 0 });
    t.push(0, [face(100, 100, 100), face(960, 960, 100)]);
    const [a, b] = t.finish(1);
    expect(a!.boxes[0]).toMatchObject({ x: 85, y: 85, w: 130, h: 130 });
    expect(b!.boxes[0]).toMatchObject({ x: 945, y: 945, w: 55, h: 55 });
  });

  it('answers no track for no detections', () => {
    const t = new Tracker(FRAME);
    for (let f = 0; f < 5; f++) t.push(f, []);
    expect(t.finish(5)).toEqual([]);
  });
});
