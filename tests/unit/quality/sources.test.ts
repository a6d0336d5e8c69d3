import { describe, expect, it } from 'vitest';
import { datasetContext } from '../../../src/quality/context';
import { motionSeries } from '../../../src/quality/motion';
import { idleSignal } from '../../../src/quality/signals/idle';
import { jerkSignal } from '../../../src/quality/signals/jerk';
import { motionSource } from '../../../src/quality/sources';
import { ARM_SPEC, LANE_SPEC, PUSHT_SPEC } from '../../../src/sim';
import { episode, reach, series, times } from './synthetic';

describe('the series the motion signals read', () => {
  it('is the joint positions the default rig maps when the state names the robot joints', () => {
    const s = motionSource({ state: ARM_SPEC.observation, action: ARM_SPEC.action });
    expect(s).toMatchObject({ kind: 'pose', stream: 'observation.state', columns: [0, 1, 2, 3, 4, 5] });
    expect(s!.label).toMatch(/^joint positions in observation.state \[shoulder_pan/);
  });

  it("follows a saved rig's columns, and none when the rig poses the robot from another stream", () => {
    const state = ['q1', 'q2', 'cube_x', 'cube_y'];
    expect(motionSource({ state, action: ['a', 'b'], rigColumns: ['q1', 'q2'] })).toMatchObject({
      kind: 'pose',
      columns: [0, 1],
    });
    // No rig pose and no pose by name: the commands, never the object's coordinates.
    expect(motionSource({ state, action: ['a', 'b'], rigColumns: null })).toMatchObject({
      kind: 'action',
      columns: [0, 1],
    });
  });

  it('is the end effector by its column names, leaving the object out', () => {
    const s = motionSource({ state: PUSHT_SPEC.observation, action: PUSHT_SPEC.action });
    expect(s).toMatchObject({ kind: 'pose', columns: [0, 1] });
    expect(s!.label).toBe('end-effector position in observation.state [agent_x, agent_y]');
  });

  it('is the commands when the state is not a pose, a speed command read as distance', () => {
    const s = motionSource({ state: LANE_SPEC.observation, action: LANE_SPEC.action });
    expect(s).toMatchObject({ kind: 'action', stream: 'action', columns: [0, 1], rates: [false, true] });
    expect(s!.label).toBe('commands in action [steer, speed], speed integrated to distance');
  });
});

describe('motion signals on a non-pose state', () => {
  // A vehicle driving steadily at 8 m/s with a constant steer, then stopping for 2 s, then driving on.
  const n = 60;
  const speedAt = (i: number) => (i >= 20 && i < 40 ? 0 : 8);
  const drive = (id: string, stop: boolean) => {
    const t = times(n);
    const state = series(
      Array.from({ length: n }, (_, i) => [0.1, 0, stop ? speedAt(i) : 8, 0.01]),
      ['lateral_offset', 'heading_error', 'speed', 'curvature_10m'],
      t,
    );
    const action = series(
      Array.from({ length: n }, (_, i) => [0.05, stop ? speedAt(i) : 8]),
      ['steer', 'speed'],
      t,
    );
    return episode(id, [], { state, action, durationNs: t[n - 1]! });
  };

  it('reads the speed command as distance: steady driving is not idle, a stop is', () => {
    const steady = drive('steady', false);
    const stop = drive('stop', true);
    const ctx = datasetContext([steady, drive('steady2', false), stop]);
    const moved = motionSeries(steady, ctx.source!)!;
    expect(moved.values[(n - 1) * 2 + 1]).toBeCloseTo(8 * 5.9, 3);
    const still = idleSignal(steady, ctx);
    expect(still.value).toBe(0);
    expect(still.reason).toMatch(/read from commands in action \[steer, speed\]/);
    const stopped = idleSignal(stop, ctx);
    expect(stopped.spans).toHaveLength(1);
    expect(stopped.spans[0]!.startNs).toBeGreaterThanOrEqual(1.9e9);
    expect(stopped.spans[0]!.endNs).toBeLessThanOrEqual(4.1e9);
    expect(stopped.spans[0]!.reason).toMatch(/speed integrated to distance/);
    // Braking to a stop and pulling away is rougher than holding one speed.
    expect(jerkSignal(stop, ctx).value!).toBeGreaterThan(jerkSignal(steady, ctx).value!);
  });

  it('keeps reading the pose where state and action name the same joints', () => {
    const ep = episode('r', reach(40));
    const ctx = datasetContext([ep, episode('r2', reach(44))]);
    expect(ctx.source).toMatchObject({
      kind: 'pose',
      label: 'commanded joint positions in observation.state [x, y]',
    });
  });
});
