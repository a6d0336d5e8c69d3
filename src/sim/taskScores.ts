/**
 * Each task's continuous measures of one rollout: what success (a yes or no) hides. PushT: the goal
 * coverage at the end and at its best (the Diffusion Policy paper reports both); lane: the share of
 * the lap driven before leaving the road; arm: how far the cube ended from the pad's centre.
 */
import type { TaskScore } from '../common/api';
import type { SimName } from './registry';
import type { Rollout } from './rollout';

/** What the measures read of a rollout. */
export type ScoredRollout = Pick<Rollout, 'rewards' | 'finalObs' | 'success' | 'observationColumns'>;

export interface TaskMeasure {
  readonly name: string;
  /** `fraction` (0-1), `lap` (fractions of one lap) or `m`. */
  readonly unit: string;
  readonly higherIsBetter: boolean;
  of(r: ScoredRollout): number;
}

/** PushT's reward is the coverage after the step: the last one is the final coverage (0 with no steps). */
const finalReward = (r: ScoredRollout): number => r.rewards.at(-1) ?? 0;

/** The best reward of the rollout (PushT: its max coverage); 0 with no steps. */
export function maxReward(r: Pick<ScoredRollout, 'rewards'>): number {
  let best = 0;
  for (const v of r.rewards) best = Math.max(best, v);
  return best;
}

/**
 * Lane's reward is the lap fraction gained on the road each step (0 off it, where the episode ends),
 * so the sum is the lap driven before leaving the lane; a finished lap is exactly 1 (the last step
 * can overshoot the line), and driving backwards counts as none.
 */
export function lapDriven(r: Pick<ScoredRollout, 'rewards' | 'success'>): number {
  if (r.success) return 1;
  let sum = 0;
  for (const v of r.rewards) sum += v;
  return Math.min(1, Math.max(0, sum));
}

function column(r: ScoredRollout, name: string): number {
  const i = r.observationColumns.indexOf(name);
  const v = i < 0 ? undefined : r.finalObs[i];
  if (v === undefined) {
    throw new Error(
      `the rollout's final observation has no ${name} (columns: ${r.observationColumns.join(', ')})`,
    );
  }
  return v;
}

/** Cube centre to pad centre on the table plane (metres), from the final observation. */
const armGoalDistance = (r: ScoredRollout): number =>
  Math.hypot(column(r, 'block_x') - column(r, 'pad_x'), column(r, 'block_y') - column(r, 'pad_y'));

export const TASK_MEASURES: { readonly [E in SimName]: readonly TaskMeasure[] } = {
  pusht: [
    { name: 'final coverage', unit: 'fraction', higherIsBetter: true, of: finalReward },
    { name: 'max coverage', unit: 'fraction', higherIsBetter: true, of: maxReward },
  ],
  lane: [{ name: 'lap driven before leaving the lane', unit: 'lap', higherIsBetter: true, of: lapDriven }],
  arm: [{ name: 'final distance to the goal', unit: 'm', higherIsBetter: false, of: armGoalDistance }],
};

/** Every measure of the env for one rollout, by name. */
export function measureRollout(env: SimName, r: ScoredRollout): Record<string, number> {
  return Object.fromEntries(TASK_MEASURES[env].map((m) => [m.name, m.of(r)]));
}

/**
 * Mean, sample SD, min and max of each measure over rollouts (each a `measureRollout` record);
 * none for no rollouts. A record without one of the env's measures is an error, named.
 */
export function summarizeMeasures(
  env: SimName,
  rollouts: readonly Readonly<Record<string, number>>[],
): TaskScore[] {
  if (rollouts.length === 0) return [];
  return TASK_MEASURES[env].map(({ name, unit, higherIsBetter }) => {
    const xs = rollouts.map((r, i) => {
      const v = r[name];
      if (v === undefined) throw new Error(`${env} rollout ${i} has no "${name}" measure`);
      return v;
    });
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = n < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
    return { name, unit, higherIsBetter, mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
  });
}
