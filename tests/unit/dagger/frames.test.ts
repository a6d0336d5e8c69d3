import { describe, expect, it } from 'vitest';
import { FRAME_CLASSES } from '../../../src/common/api';
import { frameClasses, PRE_INTERVENTION_FRAMES } from '../../../src/dagger/frameClasses';
import { firstFrames } from '../../../src/dagger/iteration';
import { labelCount, labelledData } from '../../../src/dagger/labelData';

const names = (codes: Uint8Array) => Array.from(codes, (c) => FRAME_CLASSES[c]);

describe('frame classes', () => {
  it('marks demonstrations, rollout, interventions and the frames just before one', () => {
    expect(names(frameClasses(Uint8Array.of(1, 1), true))).toEqual(['demonstration', 'demonstration']);
    const control = new Uint8Array(12);
    control.fill(1, 8, 10);
    const classes = names(frameClasses(control, false));
    expect(PRE_INTERVENTION_FRAMES).toBe(5);
    expect(classes).toEqual([
      'rollout',
      'rollout',
      'rollout',
      'pre-intervention',
      'pre-intervention',
      'pre-intervention',
      'pre-intervention',
      'pre-intervention',
      'intervention',
      'intervention',
      'rollout',
      'rollout',
    ]);
  });
});

describe('labelled data', () => {
  const obs = Float32Array.from({ length: 8 }, (_, i) => i); // 4 frames x 2
  const labels = Float32Array.from({ length: 4 }, (_, i) => 10 + i); // 4 frames x 1

  it('keeps only masked frames, each label set one trajectory, empty ones skipped', () => {
    const sets = [
      { obs, labels, mask: Uint8Array.of(0, 1, 0, 1) },
      { obs, labels, mask: Uint8Array.of(0, 0, 0, 0) },
      { obs, labels, mask: Uint8Array.of(1, 0, 0, 0) },
    ];
    expect(labelCount(sets)).toBe(3);
    const data = labelledData(sets, 2, 1);
    expect(Array.from(data.obs)).toEqual([2, 3, 6, 7, 0, 1]);
    expect(Array.from(data.actions)).toEqual([11, 13, 10]);
    expect(Array.from(data.episodeStarts)).toEqual([0, 2]);
  });

  it('refuses no labels at all, and a mask longer than its observations', () => {
    expect(() => labelledData([{ obs, labels, mask: new Uint8Array(4) }], 2, 1)).toThrow(
      /no labelled frames/,
    );
    expect(() => labelledData([{ obs, labels, mask: new Uint8Array(5).fill(1) }], 2, 1)).toThrow(
      /label set 0/,
    );
  });

  it('takes the first frames across rollouts when labelling from the start within a budget', () => {
    const masks = firstFrames([{ steps: 3 }, { steps: 4 }, { steps: 2 }], 5);
    expect(masks.map((m) => Array.from(m))).toEqual([
      [1, 1, 1],
      [1, 1, 0, 0],
      [0, 0],
    ]);
  });
});
