import { describe, expect, it } from 'vitest';
import { rangesOf } from '../../../app/features/dagger/controls';
import {
  ARM_SPEED,
  deadzone,
  LANE_ACCEL,
  padArmMove,
  padControl,
  pressedSince,
  PUSHT_SPEED,
  readPad,
} from '../../../app/features/dagger/gamepadMap';

/** A standard-mapping pad as the Gamepad API reports it: 4 axes, 17 buttons. */
const pad = (axes: number[], pressed: number[] = []) => ({
  id: 'Test pad (STANDARD GAMEPAD)',
  axes,
  buttons: Array.from({ length: 17 }, (_, i) => ({ pressed: pressed.includes(i), touched: false, value: 0 })),
});

describe('gamepad mapping', () => {
  it('ignores a resting stick and still reaches full deflection', () => {
    expect(deadzone(0.1)).toBe(0);
    expect(deadzone(-0.15)).toBe(0);
    expect(deadzone(1)).toBe(1);
    expect(deadzone(-1)).toBe(-1);
    expect(deadzone(0.575)).toBeCloseTo(0.5, 12);
    expect(deadzone(Number.NaN)).toBe(0);
  });

  it('names the buttons pressed and acts on a press once', () => {
    const a = readPad(pad([0, 0, 0, 0], [0]));
    expect([...a.pressed]).toEqual(['keyframe']);
    expect(pressedSince(null, a)).toEqual(['keyframe']);
    const held = readPad(pad([0, 0, 0, 0], [0, 1]));
    expect(pressedSince(a, held)).toEqual(['takeover']);
    expect(pressedSince(held, held)).toEqual([]);
    const dpad = readPad(pad([0, 0, 0, 0], [14, 15, 2, 3]));
    expect([...dpad.pressed].sort()).toEqual(['accept', 'next', 'stepBack', 'stepOn']);
  });

  it('steers the lane with the left stick (left is positive steering) and changes speed with the right', () => {
    const ranges = rangesOf('lane', ['steer', 'speed'], []);
    const centred = readPad(pad([0.05, 0, 0, -0.1]));
    expect(padControl('lane', [0.1, 5], ranges, centred, 0.1)).toBeNull();
    const left = readPad(pad([-1, 0, 0, 0]));
    expect(padControl('lane', [0.1, 5], ranges, left, 0.1)).toEqual([0.5, 5]);
    const halfRight = readPad(pad([0.575, 0, 0, -1]));
    const out = padControl('lane', [0, 5], ranges, halfRight, 0.1)!;
    expect(out[0]).toBeCloseTo(-0.25, 12);
    expect(out[1]).toBeCloseTo(5 + LANE_ACCEL * 0.1, 12);
    // Clamped to the simulator's limits.
    expect(padControl('lane', [0, 14.9], ranges, readPad(pad([0, 0, 0, -1])), 1)![1]).toBe(15);
  });

  it("moves PushT's target with the left stick at a set speed, inside the arena", () => {
    const ranges = rangesOf('pusht', ['target_x', 'target_y'], []);
    const out = padControl('pusht', [100, 100], ranges, readPad(pad([1, -1, 0, 0])), 0.05)!;
    expect(out).toEqual([100 + PUSHT_SPEED * 0.05, 100 - PUSHT_SPEED * 0.05]);
    expect(padControl('pusht', [510, 5], ranges, readPad(pad([1, -1, 0, 0])), 0.1)).toEqual([512, 0]);
  });

  it("moves the arm's end effector in the base frame: forward, left, up", () => {
    expect(padArmMove(readPad(pad([0, 0, 0, 0])), 0.1)).toBeNull();
    const m = padArmMove(readPad(pad([-1, -1, 0, -1])), 0.5)!;
    expect(m.map((v) => v / (ARM_SPEED * 0.5))).toEqual([1, 1, 1]);
    expect(padControl('arm', [0, 0, 0, 0, 0, 0], [], readPad(pad([1, 1, 1, 1])), 0.1)).toBeNull();
  });
});
