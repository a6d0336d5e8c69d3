/**
 * A task's continuous score for one rollout, in [0, 1]: what success (a yes or no) hides. Lane: the
 * share of the lap driven on the road (its rewards sum to it); PushT: the best coverage of the goal
 * reached; arm: the best shaped reward (1 on success). Lane's and PushT's are measures of
 * `sim/taskScores.ts` (lap driven, max coverage).
 */
import { lapDriven, maxReward, type Rollout, type SimName } from '../sim';

export function taskScore(env: SimName, r: Pick<Rollout, 'rewards' | 'success'>): number {
  if (r.success) return 1;
  return Math.min(1, Math.max(0, env === 'lane' ? lapDriven(r) : maxReward(r)));
}

export const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
