import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUrdf } from '../../../src/kinematics';

const URDF = readFileSync('resources/robots/so101/so101_new_calib.urdf', 'utf8');

describe('parseUrdf', () => {
  it('reads the SO-101 tree, origins, axes and limits', () => {
    const robot = parseUrdf(URDF);
    expect(robot.name).toBe('so101_new_calib');
    expect(robot.root).toBe('base_link');
    expect(robot.links).toHaveLength(8);
    const pan = robot.joints.find((j) => j.name === 'shoulder_pan')!;
    expect(pan).toMatchObject({
      type: 'revolute',
      parent: 'base_link',
      child: 'shoulder_link',
      axis: [0, 0, 1],
    });
    expect(pan.origin.xyz).toEqual([0.0388353, -8.97657e-9, 0.0624]);
    expect(pan.limit?.lower).toBeCloseTo(-1.91986);
    const frame = robot.joints.find((j) => j.name === 'gripper_frame_joint')!;
    expect(frame.type).toBe('fixed');
    expect(frame.parent).toBe('gripper_link');
  });

  it('defaults origin to zero and axis to x, and rejects broken trees', () => {
    const robot = parseUrdf(
      '<robot name="r"><link name="a"/><link name="b"/><joint name="j" type="continuous"><parent link="a"/><child link="b"/></joint></robot>',
    );
    expect(robot.joints[0]!.origin).toEqual({ xyz: [0, 0, 0], rpy: [0, 0, 0] });
    expect(robot.joints[0]!.axis).toEqual([1, 0, 0]);
    expect(() => parseUrdf('<robot name="r"><link name="a"/><link name="b"/></robot>')).toThrow(/root/);
    expect(() =>
      parseUrdf(
        '<robot name="r"><link name="a"/><joint name="j" type="fixed"><parent link="a"/><child link="zz"/></joint></robot>',
      ),
    ).toThrow(/unknown link/);
  });
});
