import { createEnv, mixSeed, rollout, type Env, type Policy, type Rollout, type SimName } from '../../sim';
import type { TrainedPolicy } from '../policy';

/** The 95% Wilson score interval of `successes` out of `n` (well-behaved at 0 and n, unlike the normal one). */
export function wilsonInterval(successes: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact ends at 0 and n (the formula gives them up to rounding).
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

/** Nearest-neighbour resize of an RGB frame (the env renders at its own size). */
export function resizeRgb(src: Uint8Array, w: number, h: number, size: number): Uint8Array {
  if (w === size && h === size) return src;
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const sy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / size));
    for (let x = 0; x < size; x++) {
      const sx = Math.min(w - 1, Math.floor(((x + 0.5) * w) / size));
      const s = (sy * w + sx) * 3;
      const d = (y * size + x) * 3;
      out[d] = src[s]!;
      out[d + 1] = src[s + 1]!;
      out[d + 2] = src[s + 2]!;
    }
  }
  return out;
}

/**
 * A trained policy as a simulator policy. The policy normalizes observations and unnormalizes
 * actions with the stats stored in its checkpoint; image policies see the env's camera, resized,
 * and one trained on images alone (no low-dim values) sees nothing else.
 */
export function simPolicy(policy: TrainedPolicy, env: Env<Float32Array>): Policy {
  const { image, obsDim } = policy.net.shapes;
  const none = new Float32Array(0);
  return {
    reset: () => policy.reset(),
    act: (obs) => {
      if (image === undefined) return policy.act({ lowDim: obs });
      const frame = env.render();
      return policy.act({
        lowDim: obsDim === 0 ? none : obs,
        image: resizeRgb(frame.data, frame.width, frame.height, image.width),
      });
    },
  };
}

export interface EvaluationOptions {
  env: SimName;
  episodes: number;
  seed: number;
  urdf?: string;
  /** Record camera frames (2D envs) so the rollout can be stored with its video. */
  render?: boolean;
  signal?: AbortSignal;
  /** Called after each rollout, e.g. to store it; `index` counts from `start`. */
  onRollout?: (index: number, rollout: Rollout, envSeed: number) => Promise<void> | void;
  /** First rollout to run (a resumed evaluation skips those it already stored). */
  start?: number;
}

/** The env seed of evaluation rollout i: disjoint from the demonstration generator's seeds. */
export const evalEnvSeed = (seed: number, index: number) => mixSeed(seed, index, 0xe7a1);

/**
 * Runs seeded rollouts of any policy in a built-in env. The same seeds for every policy make
 * success rates comparable (trained, untrained and random policies alike).
 */
export async function evaluatePolicy(
  makePolicy: (env: Env<Float32Array>) => Policy,
  o: EvaluationOptions,
): Promise<{ successes: boolean[]; steps: number[] }> {
  const env = createEnv(o.env, o.urdf === undefined ? {} : { urdf: o.urdf });
  const policy = makePolicy(env);
  const successes: boolean[] = [];
  const steps: number[] = [];
  for (let i = o.start ?? 0; i < o.episodes; i++) {
    o.signal?.throwIfAborted();
    const envSeed = evalEnvSeed(o.seed, i);
    const r = rollout(env, policy, envSeed, { render: o.render ?? false });
    successes.push(r.success);
    steps.push(r.steps);
    await o.onRollout?.(i, r, envSeed);
  }
  return { successes, steps };
}
