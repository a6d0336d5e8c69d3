import type { Env, Policy } from '../../../src/sim';

/** Runs `episodes` seeded episodes and counts successes. */
export function successCount(env: Env, policy: Policy, episodes: number, seed0: number): number {
  let wins = 0;
  for (let i = 0; i < episodes; i++) {
    policy.reset?.(1000 + i);
    let obs = env.reset(seed0 + i);
    for (;;) {
      const r = env.step(policy.act(obs));
      obs = r.obs;
      if (r.done) {
        if (r.success) wins++;
        break;
      }
    }
  }
  return wins;
}

export function pixel(img: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (Math.floor(y) * img.width + Math.floor(x)) * 3;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
}
