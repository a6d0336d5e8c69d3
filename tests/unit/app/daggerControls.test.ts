import { describe, expect, it } from 'vitest';
import { rangesOf } from '../../../app/features/dagger/controls';
import { ARM_JOINTS, so101Chain } from '../../../src/sim/arm/so101';
import { PUSHT_SPEC } from '../../../src/sim/pusht/pushtEnv';
import { ARENA } from '../../../src/sim/pusht/tee';

describe("the labelling controls' ranges", () => {
  it("are the SO-101's joint limits from its URDF for the arm", () => {
    const chain = so101Chain();
    const ranges = rangesOf('arm', ARM_JOINTS, []);
    for (const [i, name] of ARM_JOINTS.entries()) {
      const limit = chain.robot.joints.find((j) => j.name === name)!.limit!;
      expect(ranges[i]).toMatchObject({ name, min: limit.lower, max: limit.upper, unit: 'rad' });
    }
  });

  it("are PushT's arena for its target", () => {
    const ranges = rangesOf('pusht', PUSHT_SPEC.action, [[10, 20]]);
    expect(ranges.map((r) => [r.min, r.max])).toEqual([
      [0, ARENA],
      [0, ARENA],
    ]);
  });

  it('come from the data elsewhere, widened by a fifth', () => {
    const [r] = rangesOf('other', ['a'], [[0, 10, null]]);
    expect([r!.min, r!.max]).toEqual([-2, 12]);
  });
});
