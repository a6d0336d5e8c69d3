/**
 * DAgger's data collection: the policy drives, the expert takes over each step with probability
 * beta (beta_i = p^i, the imitation library's exponential schedule), and the oracle answers for
 * every state visited, whoever was in control.
 */
import { mixSeed, Rng, rollout, type Env, type Policy, type Rollout } from '../sim';

/** beta_i = decay^i: iteration 0 is the expert alone; later ones hand more control to the policy. */
export function betaOf(decay: number, iteration: number): number {
  if (!(decay >= 0 && decay <= 1)) throw new Error(`beta decay must be within [0, 1], got ${decay}`);
  return iteration === 0 ? 1 : decay ** iteration;
}

export interface LabelledRollout extends Rollout {
  /** The oracle's action for every visited state (steps x action columns). */
  labels: Float32Array;
  /** 1 where the expert's action was executed, 0 where the policy's was. */
  expertControl: Uint8Array;
  envSeed: number;
}

/**
 * One rollout under the mixture: at each step the expert's action is executed with probability
 * `beta` (always when there is no policy yet), the policy's otherwise.
 */
export function mixedRollout(
  env: Env<Float32Array>,
  oracle: (obs: Float32Array) => Float32Array,
  policy: Policy | null,
  beta: number,
  envSeed: number,
): LabelledRollout {
  const actDim = env.spec.action.length;
  const labels: number[] = [];
  const control: number[] = [];
  const coin = new Rng(mixSeed(envSeed, 0xbe7a));
  const mixture: Policy = {
    reset: (seed) => policy?.reset?.(seed),
    act: (obs) => {
      const expert = oracle(obs);
      for (let d = 0; d < actDim; d++) labels.push(expert[d] ?? 0);
      const byExpert = policy === null || coin.next() < beta;
      control.push(byExpert ? 1 : 0);
      return byExpert ? expert : policy.act(obs);
    },
  };
  const r = rollout(env, mixture, envSeed);
  return {
    ...r,
    labels: Float32Array.from(labels.slice(0, r.steps * actDim)),
    expertControl: Uint8Array.from(control.slice(0, r.steps)),
    envSeed,
  };
}
