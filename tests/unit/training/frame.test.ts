import { describe, expect, it } from 'vitest';
import { actionsFromFrame, actionsInFrame, frameByName, obsInFrame } from '../../../src/training/frame';
import { relativeToPoint } from '../../../src/training';

const PUSHT_OBS = ['agent_x', 'agent_y', 'block_x', 'block_y', 'block_angle'];
const PUSHT_ACTIONS = ['target_x', 'target_y'];

describe('an object frame by column names', () => {
  it("finds PushT's block and sees the agent and the target from it", () => {
    expect(frameByName('block', PUSHT_OBS, PUSHT_ACTIONS)).toEqual({
      x: 2,
      y: 3,
      angle: 4,
      points: [[0, 1]],
      actions: [[0, 1]],
    });
    // LeRobot-style prefixes are read through.
    const prefixed = frameByName(
      'block',
      PUSHT_OBS.map((c) => `observation.state.${c}`),
      PUSHT_ACTIONS.map((c) => `action.${c}`),
    );
    expect(prefixed.points).toEqual([[0, 1]]);
  });

  it('names the columns it needed and those it found', () => {
    expect(() => frameByName('cube', PUSHT_OBS, PUSHT_ACTIONS)).toThrow(
      /cube_x, cube_y and cube_angle; observations: agent_x, agent_y, block_x/,
    );
    expect(() => frameByName('block', PUSHT_OBS, ['steer', 'throttle'])).toThrow(
      /no action is a point .*actions: steer, throttle/,
    );
  });
});

describe('points seen from the object', () => {
  // The block at (100, 50) turned a quarter turn counter-clockwise; the agent 10 px to its right
  // in the world is 10 px below it (negative y) in the block's frame.
  const obs = Float32Array.of(110, 50, 100, 50, Math.PI / 2);
  const frame = frameByName('block', PUSHT_OBS, PUSHT_ACTIONS);

  it('moves and turns observation points, and keeps the object pose', () => {
    const seen = obsInFrame(obs, frame, 5);
    expect(seen[0]).toBeCloseTo(0, 5);
    expect(seen[1]).toBeCloseTo(-10, 5);
    expect(Array.from(seen.subarray(2))).toEqual(Array.from(obs.subarray(2)));
    expect(Array.from(obs)).toEqual([110, 50, 100, 50, Math.fround(Math.PI / 2)]);
  });

  it('turns an offset only, and moves an absolute target too; both come back exactly', () => {
    const target = Float32Array.of(110, 60);
    const absolute = actionsInFrame(target, obs, frame, undefined, 2, 5);
    expect(absolute[0]).toBeCloseTo(10, 5);
    expect(absolute[1]).toBeCloseTo(-10, 5);
    const offset = Float32Array.of(0, 10);
    const turned = actionsInFrame(offset, obs, frame, [0, 1], 2, 5);
    expect(turned[0]).toBeCloseTo(10, 5);
    expect(turned[1]).toBeCloseTo(0, 5);
    const back = actionsFromFrame(Float32Array.from(absolute), obs, frame, undefined, 2, 5);
    expect(back[0]).toBeCloseTo(110, 4);
    expect(back[1]).toBeCloseTo(60, 4);
    const backOffset = actionsFromFrame(Float32Array.from(turned), obs, frame, [0, 1], 2, 5);
    expect(backOffset[0]).toBeCloseTo(0, 4);
    expect(backOffset[1]).toBeCloseTo(10, 4);
  });

  it('turns every action of a chunk by the pose it was predicted at', () => {
    const two = Float32Array.of(110, 50, 100, 50, Math.PI / 2, 0, 0, 0, 0, 0);
    const chunks = Float32Array.of(0, 10, 0, 20, 5, 0, 7, 0);
    const turned = actionsInFrame(chunks, two, frame, [0, 1], 2, 5);
    expect(Array.from(turned).map((v) => Math.round(v) + 0)).toEqual([10, 0, 20, 0, 5, 0, 7, 0]);
  });
});

describe('actions relative to a point', () => {
  it("learns PushT's target from the agent", () => {
    expect(relativeToPoint(PUSHT_ACTIONS, PUSHT_OBS, 'agent')).toEqual([0, 1]);
  });

  it('names the point and the columns when it cannot', () => {
    expect(() => relativeToPoint(PUSHT_ACTIONS, PUSHT_OBS, 'gripper')).toThrow(
      /gripper_x and gripper_y; observations: agent_x/,
    );
    expect(() => relativeToPoint(['steer'], PUSHT_OBS, 'agent')).toThrow(/no action is a point.*steer/);
  });
});
