import { describe, expect, it } from 'vitest';
import { betaOf, mixedRollout } from '../../../src/dagger/schedule';
import { createEnv, createExpert, type Policy } from '../../../src/sim';

const env = createEnv('lane');
const expert = createExpert('lane');
const oracle = (obs: Float32Array) => expert.oracle(obs);
/** A poor driver: always straight ahead at full speed. */
const straight: Policy = { act: () => Float32Array.of(0, 8) };

describe('the beta schedule', () => {
  it('is p^i with the expert alone at iteration 0', () => {
    expect([0, 1, 2, 3].map((i) => betaOf(0.5, i))).toEqual([1, 0.5, 0.25, 0.125]);
    expect(betaOf(0, 0)).toBe(1);
    expect(betaOf(0, 2)).toBe(0);
    expect(() => betaOf(1.5, 1)).toThrow(/within \[0, 1\]/);
  });
});

describe('a mixed rollout', () => {
  it('without a policy is the oracle driving: its labels are its actions', () => {
    const r = mixedRollout(env, oracle, null, 0.3, 11);
    expect(r.steps).toBeGreaterThan(100);
    expect(Array.from(r.expertControl).every((c) => c === 1)).toBe(true);
    expect(Array.from(r.labels)).toEqual(Array.from(r.actions));
  });

  it('with beta 0 the policy drives and every visited state is labelled by the oracle', () => {
    const r = mixedRollout(env, oracle, straight, 0, 11);
    expect(Array.from(r.expertControl).every((c) => c === 0)).toBe(true);
    const obsDim = env.spec.observation.length;
    for (let f = 0; f < r.steps; f++) {
      expect(r.actions[f * 2]).toBe(0);
      const want = oracle(r.obs.subarray(f * obsDim, (f + 1) * obsDim));
      expect(r.labels[f * 2]).toBeCloseTo(want[0]!, 6);
    }
    // Straight ahead leaves the road before the lap is done.
    expect(r.success).toBe(false);
  });

  it('hands about beta of the steps to the expert, the same ones for the same seed', () => {
    const a = mixedRollout(env, oracle, straight, 0.5, 5);
    const b = mixedRollout(env, oracle, straight, 0.5, 5);
    expect(Array.from(a.expertControl)).toEqual(Array.from(b.expertControl));
    const share = a.expertControl.reduce((n, c) => n + c, 0) / a.steps;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
  });
});
