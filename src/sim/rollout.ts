/** Runs a policy in an env and packs the trajectory for storage as an episode. */
import type { Env, Policy, RgbImage } from './types';
import { mixSeed } from './random';

export interface RolloutOptions {
  /** Record an RGB frame before every action (and after the last step). */
  render?: boolean;
  /** Stop early after this many steps (defaults to the env's max steps). */
  maxSteps?: number;
  /** Seed for the policy's own randomness (its flaw state); derived from `seed` when absent. */
  policySeed?: number;
}

export interface Rollout {
  /** Observation before each action, packed row-major: steps x observation.length. */
  obs: Float32Array;
  /** Actions, packed row-major: steps x action.length. */
  actions: Float32Array;
  rewards: Float32Array;
  /** The observation after the last action. */
  finalObs: Float32Array;
  observationColumns: readonly string[];
  actionColumns: readonly string[];
  steps: number;
  success: boolean;
  /** Frames before each action plus the final one (steps + 1), when asked for. */
  frames?: RgbImage[];
}

export function rollout(
  env: Env<Float32Array>,
  policy: Policy,
  seed: number,
  options: RolloutOptions = {},
): Rollout {
  const { spec } = env;
  const limit = Math.min(options.maxSteps ?? spec.maxSteps, spec.maxSteps);
  const obsDim = spec.observation.length;
  const actDim = spec.action.length;
  const obs = new Float32Array(limit * obsDim);
  const actions = new Float32Array(limit * actDim);
  const rewards = new Float32Array(limit);
  const frames: RgbImage[] | undefined = options.render ? [] : undefined;
  let current = env.reset(seed);
  policy.reset?.(options.policySeed ?? mixSeed(seed, 0x9e3779b9));
  let steps = 0;
  let success = false;
  while (steps < limit) {
    frames?.push(env.render());
    obs.set(current, steps * obsDim);
    const action = policy.act(current);
    actions.set(action.subarray(0, actDim), steps * actDim);
    const result = env.step(action);
    rewards[steps] = result.reward;
    current = result.obs;
    steps++;
    success = result.success;
    if (result.done) break;
  }
  frames?.push(env.render());
  const out: Rollout = {
    obs: obs.slice(0, steps * obsDim),
    actions: actions.slice(0, steps * actDim),
    rewards: rewards.slice(0, steps),
    finalObs: current,
    observationColumns: spec.observation,
    actionColumns: spec.action,
    steps,
    success,
  };
  if (frames) out.frames = frames;
  return out;
}
