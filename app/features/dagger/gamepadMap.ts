import type { ControlRange } from './controls';

/**
 * A gamepad read through the Gamepad API's standard mapping, turned into the labelling screen's
 * own commands: sticks move the control the mouse and sliders move, buttons are the keys.
 */

/** Stick values within this of the centre count as centred (pads rest a little off zero). */
export const DEADZONE = 0.15;

/** The buttons the screens use, by their standard-mapping index. */
export const PAD_BUTTONS = {
  /** A (bottom face button): keyframe, like K. */
  keyframe: 0,
  /** B (right face button): take over / hand back in a live rollout, like T. */
  takeover: 1,
  /** X (left face button): the policy was fine over the span, like A. */
  accept: 2,
  /** Y (top face button): next unlabelled frame, like N. */
  next: 3,
  /** D-pad left and right: a frame back and on, like ← and →. */
  stepBack: 14,
  stepOn: 15,
} as const;
export type PadButton = keyof typeof PAD_BUTTONS;

export interface PadReading {
  id: string;
  /** Left stick x (right +), left stick y (down +), right stick x, right stick y, after the deadzone. */
  lx: number;
  ly: number;
  rx: number;
  ry: number;
  pressed: ReadonlySet<PadButton>;
}

/** 0 inside the deadzone, then rescaled so the stick still reaches ±1 at its edge. */
export function deadzone(v: number, dz = DEADZONE): number {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || a <= dz) return 0;
  return (Math.sign(v) * (Math.min(1, a) - dz)) / (1 - dz);
}

/** The pad's sticks and pressed buttons (the first connected pad of `navigator.getGamepads()`). */
export function readPad(pad: Pick<Gamepad, 'id' | 'axes' | 'buttons'>): PadReading {
  const pressed = new Set<PadButton>();
  for (const [name, index] of Object.entries(PAD_BUTTONS) as [PadButton, number][])
    if (pad.buttons[index]?.pressed) pressed.add(name);
  const axis = (i: number) => deadzone(pad.axes[i] ?? 0);
  return { id: pad.id, lx: axis(0), ly: axis(1), rx: axis(2), ry: axis(3), pressed };
}

/** Buttons pressed now that were not pressed before: each press acts once. */
export function pressedSince(before: PadReading | null, now: PadReading): PadButton[] {
  return [...now.pressed].filter((b) => !before?.pressed.has(b));
}

const clamp = (r: ControlRange, v: number) => Math.min(r.max, Math.max(r.min, v));

/** PushT's target moves this many arena units a second at full stick. */
export const PUSHT_SPEED = 300;
/** The lane's speed changes this many m/s a second at full right stick. */
export const LANE_ACCEL = 5;
/** The arm's end effector moves this many metres a second at full stick. */
export const ARM_SPEED = 0.1;

/**
 * The control after `dt` seconds of the sticks, or null while they are centred (so the mouse and
 * keys keep what they set). Lane: the left stick's x is the steering wheel's position (full left:
 * the most left steering, which is positive in the simulator), the right stick's y changes the
 * speed. PushT: the left stick moves the agent's target (screen directions, y down).
 */
export function padControl(
  env: string,
  control: readonly number[],
  ranges: readonly ControlRange[],
  pad: PadReading,
  dt: number,
): number[] | null {
  if (env === 'lane') {
    if (pad.lx === 0 && pad.ry === 0) return null;
    const steer = ranges.findIndex((r) => r.name === 'steer');
    const speed = ranges.findIndex((r) => r.name === 'speed');
    return control.map((v, d) => {
      if (d === steer && pad.lx !== 0) return clamp(ranges[d]!, -pad.lx * ranges[d]!.max);
      if (d === speed && pad.ry !== 0) return clamp(ranges[d]!, v - pad.ry * LANE_ACCEL * dt);
      return v;
    });
  }
  if (env === 'pusht') {
    if (pad.lx === 0 && pad.ly === 0) return null;
    return control.map((v, d) =>
      d === 0
        ? clamp(ranges[0]!, v + pad.lx * PUSHT_SPEED * dt)
        : d === 1
          ? clamp(ranges[1]!, v + pad.ly * PUSHT_SPEED * dt)
          : v,
    );
  }
  return null;
}

/**
 * The arm's end-effector move (m, the robot's base frame: x forward, y left, z up) after `dt`
 * seconds: left stick forward/back and left/right, right stick up/down; null while centred.
 */
export function padArmMove(pad: PadReading, dt: number): [number, number, number] | null {
  if (pad.lx === 0 && pad.ly === 0 && pad.ry === 0) return null;
  const k = ARM_SPEED * dt;
  return [-pad.ly * k, -pad.lx * k, -pad.ry * k];
}
