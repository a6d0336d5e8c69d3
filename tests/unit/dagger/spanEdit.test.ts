import { describe, expect, it } from 'vitest';
import { cleared, cut, interpolate, labelled, paste, type LabelArrays } from '../../../src/dagger/spanEdit';

const arrays = (frames: number, columns: number): LabelArrays => ({
  columns,
  values: new Float32Array(frames * columns).fill(NaN),
  mask: new Uint8Array(frames),
  classes: new Uint8Array(frames).fill(1),
});

describe('label span edits', () => {
  it('interpolates keyframes linearly and holds the ends', () => {
    const out = interpolate(
      [
        { frame: 6, action: [1, 10] },
        { frame: 2, action: [-1, 0] },
      ],
      [0, 2, 3, 4, 6, 8],
      2,
    );
    expect(Array.from(out)).toEqual([-1, 0, -1, 0, -0.5, 2.5, 0, 5, 1, 10, 1, 10]);
  });

  it('refuses a keyframe with the wrong number of values', () => {
    expect(() => interpolate([{ frame: 0, action: [1] }], [0], 2)).toThrow(/has 1 values, the labels have 2/);
  });

  it('cuts a span out and pastes it back, so a restore undoes an edit exactly', () => {
    const a = arrays(10, 2);
    const before = cut(a, 3, 5);
    expect(before).toEqual({
      startFrame: 3,
      values: new Array(6).fill(null),
      mask: [0, 0, 0],
      classes: [1, 1, 1],
    });
    const edited = paste(a, labelled(3, new Float32Array([1, 2, 3, 4, 5, 6]), 2, 2));
    expect(Array.from(edited.mask)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(edited.classes.subarray(3, 6))).toEqual([2, 2, 2]);
    expect(cut(edited, 4, 4).values).toEqual([3, 4]);
    const undone = paste(edited, before);
    expect(cut(undone, 0, 9)).toEqual(cut(a, 0, 9));
    // The original is never changed in place.
    expect(a.mask.every((m) => m === 0)).toBe(true);
  });

  it('clears a span but keeps who was in control', () => {
    const a = paste(arrays(4, 1), labelled(0, new Float32Array([1, 2, 3, 4]), 1, 2));
    const c = paste(a, cleared(a, 1, 2));
    expect(Array.from(c.mask)).toEqual([1, 0, 0, 1]);
    expect(Array.from(c.classes)).toEqual([2, 2, 2, 2]);
  });

  it('refuses a span past the last frame or with too few values', () => {
    const a = arrays(4, 1);
    expect(() => paste(a, { startFrame: 3, values: [1, 2], mask: [1, 1], classes: [1, 1] })).toThrow(
      /frame 4 is past the episode's last frame \(3\)/,
    );
    expect(() => paste(a, { startFrame: 0, values: [1], mask: [1, 1], classes: [1, 1] })).toThrow(
      /needs 2 classes and 2 values/,
    );
  });
});
