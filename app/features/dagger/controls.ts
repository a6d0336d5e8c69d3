import type { EpisodeLabels } from '../../../src/common/api';
import { ARENA } from '../../../src/common/sim/pushtScene';

/** One action dimension as the labelling panel shows it. */
export interface ControlRange {
  name: string;
  min: number;
  max: number;
  step: number;
  unit: string;
}

// The lane simulator's limits (src/sim/lane/laneEnv.ts: MAX_STEER, MAX_SPEED), PushT's arena.
const KNOWN: Record<string, Record<string, Omit<ControlRange, 'name'>>> = {
  lane: {
    steer: { min: -0.5, max: 0.5, step: 0.005, unit: 'rad' },
    speed: { min: 0, max: 15, step: 0.1, unit: 'm/s' },
  },
  // The SO-101's joint limits (resources/robots/so101/so101_new_calib.urdf; a unit test compares them).
  arm: {
    shoulder_pan: { min: -1.91986, max: 1.91986, step: 0.005, unit: 'rad' },
    shoulder_lift: { min: -1.74533, max: 1.74533, step: 0.005, unit: 'rad' },
    elbow_flex: { min: -1.69, max: 1.69, step: 0.005, unit: 'rad' },
    wrist_flex: { min: -1.65806, max: 1.65806, step: 0.005, unit: 'rad' },
    wrist_roll: { min: -2.74385, max: 2.84121, step: 0.005, unit: 'rad' },
    gripper: { min: -0.174533, max: 1.74533, step: 0.005, unit: 'rad' },
  },
  pusht: {
    target_x: { min: 0, max: ARENA, step: 1, unit: 'px' },
    target_y: { min: 0, max: ARENA, step: 1, unit: 'px' },
  },
};

/**
 * Each action dimension's range: the lane's steering and speed limits, PushT's arena, the arm's joint limits; otherwise the
 * span of what the policy did and the labels given, widened by a fifth on each side.
 */
export function controlRanges(env: string, labels: EpisodeLabels): ControlRange[] {
  return rangesOf(env, labels.columns, [labels.policyActions, labels.values]);
}

/** Each column's range from the environment's limits, else from rows of samples (columns wide). */
export function rangesOf(
  env: string,
  columns: readonly string[],
  samples: readonly (readonly (number | null)[])[],
): ControlRange[] {
  const c = columns.length;
  return columns.map((name, d) => {
    const known = KNOWN[env]?.[name];
    if (known) return { name, ...known };
    let lo = Infinity;
    let hi = -Infinity;
    for (const series of samples)
      for (let i = d; i < series.length; i += c) {
        const v = series[i];
        if (v === null || v === undefined || !Number.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
    const pad = Math.max((hi - lo) / 5, 1e-3);
    return { name, min: lo - pad, max: hi + pad, step: (hi - lo + 2 * pad) / 200, unit: '' };
  });
}
