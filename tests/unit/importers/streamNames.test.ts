import { describe, expect, it } from 'vitest';
import { splitByPrefix, streamOfColumn } from '../../../src/importers/teleop';

describe('stream names follow the field', () => {
  it('keeps LeRobot feature names whole and the joint name as the column', () => {
    expect(streamOfColumn('observation.state.shoulder_pan.pos')).toEqual({
      stream: 'observation.state',
      column: 'shoulder_pan.pos',
    });
    expect(streamOfColumn('action.gripper.pos')).toEqual({ stream: 'action', column: 'gripper.pos' });
    expect(streamOfColumn('observation.environment_state.cube.x')).toEqual({
      stream: 'observation.environment_state',
      column: 'cube.x',
    });
    expect(streamOfColumn('observation.images.top.brightness.mean')).toEqual({
      stream: 'observation.images.top',
      column: 'brightness.mean',
    });
    expect(streamOfColumn('next.reward')).toEqual({ stream: 'next.reward', column: 'reward' });
    expect(streamOfColumn('next.reward.sparse')).toEqual({ stream: 'next.reward', column: 'sparse' });
  });

  it('splits other names at the last dot, and leaves undotted ones to the fallback', () => {
    expect(streamOfColumn('arm.left.x')).toEqual({ stream: 'arm.left', column: 'x' });
    expect(streamOfColumn('gripper')).toBeNull();
    expect(streamOfColumn('trailing.')).toBeNull();
  });

  it('takes a feature of one value as its own stream', () => {
    expect(streamOfColumn('action')).toEqual({ stream: 'action', column: 'action' });
    expect(streamOfColumn('observation.state')).toEqual({ stream: 'observation.state', column: 'state' });
  });

  it('groups a table into streams with their columns and values', () => {
    const table = {
      columns: [
        'observation.state.shoulder_pan.pos',
        'observation.state.gripper.pos',
        'action.shoulder_pan.pos',
        'grip',
      ],
      timestampsNs: Float64Array.from([0, 1e6]),
      values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    };
    const parts = splitByPrefix(table, 'teleop');
    expect(parts.map((p) => [p.name, p.table.columns, [...p.table.values]])).toEqual([
      ['observation.state', ['shoulder_pan.pos', 'gripper.pos'], [1, 2, 5, 6]],
      ['action', ['shoulder_pan.pos'], [3, 7]],
      ['teleop', ['grip'], [4, 8]],
    ]);
  });
});
