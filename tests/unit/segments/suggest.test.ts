import { describe, expect, it } from 'vitest';
import type { Series } from '../../../src/segments/motion';
import {
  activeSpan,
  directionChanges,
  gripperEvents,
  idleSpans,
  suggestSegments,
} from '../../../src/segments/suggest';

const HZ = 50;
const COLUMNS = [
  'shoulder_pan.pos',
  'shoulder_lift.pos',
  'elbow_flex.pos',
  'wrist_flex.pos',
  'wrist_roll.pos',
  'gripper.pos',
];
const s = (t: number) => t * 1e9;

/** Piecewise-linear keyframes [time s, value] sampled at `t`. */
function keyframes(points: [number, number][], t: number): number {
  if (t <= points[0]![0]) return points[0]![1];
  for (let i = 1; i < points.length; i++) {
    const [t1, v1] = points[i]!;
    const [t0, v0] = points[i - 1]!;
    if (t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  }
  return points[points.length - 1]![1];
}

/**
 * A 10 s pick and place with known events: idle until 1.5 s; reach 1.5-4 s; the gripper closes
 * around 4.5 s; transport 5-7.5 s, reversing direction at 6.25 s; the gripper opens around 8 s;
 * idle from 8.5 s. Values in degrees with a little deterministic noise.
 */
function pickAndPlace(noise = 0.05): Series {
  const n = 10 * HZ;
  const timesNs = Float64Array.from({ length: n }, (_, i) => s(i / HZ));
  const values = new Float32Array(n * COLUMNS.length);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 2 * noise;
  const pan: [number, number][] = [
    [1.5, 0],
    [4, 40],
    [5, 40],
    [6.25, 80],
    [7.5, 50],
  ];
  const lift: [number, number][] = [
    [1.5, -20],
    [4, 30],
    [5, 30],
    [6.25, 10],
    [7.5, 20],
  ];
  const elbow: [number, number][] = [
    [1.5, 60],
    [4, 20],
    [5, 20],
    [7.5, 40],
  ];
  const grip: [number, number][] = [
    [4.3, 80],
    [4.7, 5],
    [7.8, 5],
    [8.2, 80],
  ];
  for (let i = 0; i < n; i++) {
    const t = i / HZ;
    const row = [keyframes(pan, t), keyframes(lift, t), keyframes(elbow, t), 0, 10, keyframes(grip, t)];
    row.forEach((v, c) => (values[i * COLUMNS.length + c] = v + rand()));
  }
  return { columns: COLUMNS, timesNs, values };
}

const near = (actual: number, expected: number, tolS: number) =>
  expect(Math.abs(actual - expected) / 1e9).toBeLessThanOrEqual(tolS);

describe('boundary suggestions on a synthetic pick and place', () => {
  const series = pickAndPlace();

  it('finds the gripper closing and opening', () => {
    const events = gripperEvents(series);
    expect(events.map((e) => e.kind)).toEqual(['close', 'open']);
    near(events[0]!.tNs, s(4.5), 0.05);
    near(events[1]!.tNs, s(8.0), 0.05);
  });

  it('finds the idle start, the pause while grasping and the idle end', () => {
    const idle = idleSpans(series);
    expect(idle).toHaveLength(3);
    near(idle[0]!.startNs, 0, 0.01);
    near(idle[0]!.endNs, s(1.5), 0.15);
    near(idle[1]!.startNs, s(4), 0.15);
    near(idle[1]!.endNs, s(5), 0.15);
    near(idle[2]!.startNs, s(7.5), 0.15);
    near(idle[2]!.endNs, s(9.98), 0.05);
  });

  it('finds the reversal during transport and nothing on straight motion', () => {
    const turns = directionChanges(series);
    expect(turns).toHaveLength(1);
    near(turns[0]!, s(6.25), 0.1);
  });

  it('trims the idle start and end', () => {
    const span = activeSpan(series, s(10))!;
    near(span.startNs, s(1.5), 0.15);
    near(span.endNs, s(7.5), 0.15);
  });

  it('labels the segments between boundaries by what the gripper does', () => {
    const segments = suggestSegments(series, s(10));
    const labels = segments.map((x) => x.label);
    expect(labels[0]).toBe('idle');
    expect(labels[labels.length - 1]).toBe('idle');
    expect(labels).toContain('reach');
    expect(labels).toContain('transport');
    // Segments tile the episode without gaps or overlaps.
    expect(segments[0]!.startNs).toBe(0);
    expect(segments[segments.length - 1]!.endNs).toBe(s(10));
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.startNs).toBe(segments[i - 1]!.endNs);
    const reach = segments.find((x) => x.label === 'reach')!;
    expect(reach.reason).toMatch(/gripper closes|arm stops/);
  });

  it('suggests nothing for a series that never moves', () => {
    const still: Series = {
      columns: COLUMNS,
      timesNs: Float64Array.from({ length: 100 }, (_, i) => s(i / HZ)),
      values: new Float32Array(100 * COLUMNS.length).fill(3),
    };
    expect(gripperEvents(still)).toEqual([]);
    expect(directionChanges(still)).toEqual([]);
    expect(activeSpan(still, s(2))).toBeNull();
  });
});
