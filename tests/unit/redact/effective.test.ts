import { describe, expect, it } from 'vitest';
import { coveredFraction, nms } from '../../../src/redact/boxes';
import { effectiveBoxes } from '../../../src/redact/effective';

const tracked = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((frame) => ({
  frame,
  x: 10 * frame,
  y: 0,
  w: 20,
  h: 20,
  score: 0.9,
}));

describe('a track after the reviewer’s keyframes', () => {
  it('is the tracked boxes when nothing was edited', () => {
    expect(effectiveBoxes(tracked, [])).toEqual(tracked);
  });

  it('takes a keyframe’s box at its frame and interpolates between two keyframes', () => {
    const out = effectiveBoxes(tracked, [
      { frame: 2, x: 0, y: 100, w: 40, h: 40 },
      { frame: 6, x: 40, y: 100, w: 80, h: 40 },
    ]);
    expect(out[1]).toMatchObject({ frame: 1, x: 10, y: 0 });
    expect(out[2]).toMatchObject({ frame: 2, x: 0, y: 100, w: 40 });
    expect(out[4]).toMatchObject({ frame: 4, x: 20, y: 100, w: 60 });
    expect(out[7]).toMatchObject({ frame: 7, x: 70, y: 0, w: 20 });
  });

  it('extends the track to a keyframe past its end', () => {
    const out = effectiveBoxes(tracked, [{ frame: 14, x: 0, y: 0, w: 5, h: 5 }]);
    expect(out.at(-1)).toMatchObject({ frame: 14, w: 5 });
    expect(out.map((b) => b.frame)).toEqual([...Array(15).keys()]);
  });

  it('holds a drawn track’s keyframes over its span', () => {
    const out = effectiveBoxes(
      [],
      [
        { frame: 5, x: 0, y: 0, w: 10, h: 10 },
        { frame: 7, x: 20, y: 0, w: 10, h: 10 },
      ],
      { first: 3, last: 9 },
    );
    expect(out.map((b) => [b.frame, b.x])).toEqual([
      [3, 0],
      [4, 0],
      [5, 0],
      [6, 10],
      [7, 20],
      [8, 20],
      [9, 20],
    ]);
  });
});

describe('box helpers', () => {
  it('suppresses overlapping boxes, keeping the best', () => {
    const kept = nms(
      [
        { x: 0, y: 0, w: 10, h: 10, score: 0.5 },
        { x: 1, y: 1, w: 10, h: 10, score: 0.9 },
        { x: 50, y: 50, w: 10, h: 10, score: 0.6 },
      ],
      0.3,
    );
    expect(kept.map((b) => b.score)).toEqual([0.9, 0.6]);
  });

  it('measures how much of a face the union of boxes covers', () => {
    const faceBox = { x: 0, y: 0, w: 10, h: 10 };
    expect(coveredFraction(faceBox, [{ x: 0, y: 0, w: 5, h: 10 }])).toBeCloseTo(0.5);
    expect(
      coveredFraction(faceBox, [
        { x: 0, y: 0, w: 5, h: 10 },
        { x: 5, y: 0, w: 5, h: 5 },
      ]),
    ).toBeCloseTo(0.75);
  });
});
