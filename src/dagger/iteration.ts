/**
 * The steps of one DAgger iteration, free of storage so the job and the benchmark share them:
 * collect rollouts under the beta mixture, choose the frames to label, and evaluate a policy.
 */
import {
  createEnv,
  createExpert,
  measureRollout,
  mixSeed,
  type Env,
  type Policy,
  type SimName,
} from '../sim';
import type { TrainedPolicy } from '../training';
import { evaluatePolicy, simPolicy } from '../training/jobs/evaluate';
import { labelledData, type LabelSet } from './labelData';
import { retrain, type RetrainOptions } from './retrain';
import { mixedRollout, type LabelledRollout } from './schedule';
import { taskScore } from './score';
import { disagreement, novelty, priority, topFrames, type SelectMode } from './select';

export interface IterationSettings {
  env: SimName;
  rollouts: number;
  seed: number;
  select: SelectMode;
  /** Frames labelled per iteration with `uncertain` (null: all visited frames). */
  budget: number | null;
  /** Ensemble members ranking frames for `uncertain` (the current policy is one of them). */
  ensemble: number;
  urdf?: string;
}

export const envSeedOf = (seed: number, iteration: number, index: number) =>
  mixSeed(seed, iteration, index, 0xda66e7);

/** The built-in env and its flawless oracle. */
export function envAndOracle(s: Pick<IterationSettings, 'env' | 'urdf'>) {
  const opts = s.urdf === undefined ? {} : { urdf: s.urdf };
  const env = createEnv(s.env, opts);
  const expert = createExpert(s.env, opts);
  return { env, oracle: (obs: Float32Array) => expert.oracle(obs) };
}

/** Iteration `iteration`'s rollouts: the policy (null before the first) mixed with the expert by `beta`. */
export function collect(
  s: IterationSettings,
  iteration: number,
  policy: TrainedPolicy | null,
  beta: number,
  signal?: AbortSignal,
): LabelledRollout[] {
  const { env, oracle } = envAndOracle(s);
  const driver: Policy | null = policy === null ? null : simPolicy(policy, env as Env<Float32Array>);
  const out: LabelledRollout[] = [];
  for (let i = 0; i < s.rollouts; i++) {
    signal?.throwIfAborted();
    out.push(mixedRollout(env, oracle, driver, beta, envSeedOf(s.seed, iteration, i)));
  }
  return out;
}

/**
 * Which frames of each rollout get labels: every visited frame without a budget; with one, the top
 * `budget` by ensemble disagreement and novelty (`uncertain`), or the first `budget` frames (`all`,
 * and before there is a policy to rank with).
 */
export async function chooseFrames(
  s: IterationSettings,
  iteration: number,
  rollouts: readonly LabelledRollout[],
  labelled: readonly LabelSet[],
  policy: TrainedPolicy | null,
  retrainOptions: Omit<RetrainOptions, 'seed'>,
): Promise<Uint8Array[]> {
  const all = rollouts.map((r) => new Uint8Array(r.steps).fill(1));
  const total = rollouts.reduce((n, r) => n + r.steps, 0);
  if (s.budget === null || total <= s.budget) return all;
  if (s.select === 'all' || policy === null) return firstFrames(rollouts, s.budget);
  const obsDim = policy.net.shapes.obsDim;
  const visited = new Float32Array(total * obsDim);
  let at = 0;
  for (const r of rollouts) {
    visited.set(r.obs, at);
    at += r.obs.length;
  }
  const data = labelledData(labelled, obsDim, policy.net.shapes.actDim);
  const members: TrainedPolicy[] = [policy];
  try {
    for (let m = 1; m < s.ensemble; m++) {
      const seed = mixSeed(s.seed, iteration, m, 0xe45e);
      members.push((await retrain(data, { ...retrainOptions, seed })).policy);
    }
    const scores = priority(disagreement(members, visited), novelty(visited, data.obs, policy.stats.obs));
    const chosen = topFrames(scores, s.budget);
    const masks = rollouts.map((r) => new Uint8Array(r.steps));
    let frame = 0;
    let k = 0;
    for (const [i, r] of rollouts.entries()) {
      for (; k < chosen.length && chosen[k]! < frame + r.steps; k++) masks[i]![chosen[k]! - frame] = 1;
      frame += r.steps;
    }
    return masks;
  } finally {
    for (const m of members.slice(1)) m.dispose();
  }
}

/** The first `budget` frames in rollout order: what labelling from the start until the budget is spent gives. */
export function firstFrames(rollouts: readonly { steps: number }[], budget: number): Uint8Array[] {
  let left = budget;
  return rollouts.map((r) => {
    const mask = new Uint8Array(r.steps);
    mask.fill(1, 0, Math.max(0, Math.min(left, r.steps)));
    left -= r.steps;
    return mask;
  });
}

/**
 * Seeded evaluation rollouts (the eval job's seeds): success, the task's continuous score and its
 * measures (`sim/taskScores.ts`) of each.
 */
export async function evaluateScores(
  s: Pick<IterationSettings, 'env' | 'urdf'>,
  policy: TrainedPolicy,
  episodes: number,
  seed: number,
  signal?: AbortSignal,
): Promise<{ successes: boolean[]; scores: number[]; measures: Record<string, number>[] }> {
  const scores: number[] = [];
  const measures: Record<string, number>[] = [];
  const { successes } = await evaluatePolicy((env) => simPolicy(policy, env), {
    env: s.env,
    episodes,
    seed,
    ...(s.urdf === undefined ? {} : { urdf: s.urdf }),
    ...(signal === undefined ? {} : { signal }),
    onRollout: (_, r) => {
      scores.push(taskScore(s.env, r));
      measures.push(measureRollout(s.env, r));
    },
  });
  return { successes, scores, measures };
}
