import { describe, expect, it } from 'vitest';
import { taskScore } from '../../../src/dagger/score';
import {
  createEnv,
  createExpert,
  measureRollout,
  rollout,
  type Rollout,
  type SimName,
} from '../../../src/sim';

/** The score as it was computed before it read lane's and PushT's task measures. */
function before(env: SimName, r: Pick<Rollout, 'rewards' | 'success'>): number {
  if (r.success) return 1;
  let sum = 0;
  let best = 0;
  for (const v of r.rewards) {
    sum += v;
    best = Math.max(best, v);
  }
  return Math.min(1, Math.max(0, env === 'lane' ? sum : best));
}

describe('taskScore', () => {
  it('keeps its values: lane the lap driven, PushT the max coverage, arm the best shaped reward', () => {
    const lane = createEnv('lane');
    const laneOracle = createExpert('lane');
    let step = 0;
    const off = rollout(
      lane,
      {
        reset: () => (step = 0),
        act: (obs) => (step++ < 60 ? laneOracle.oracle(obs) : Float32Array.of(-0.5, 8)),
      },
      7,
    );
    const pusht = createEnv('pusht');
    const pushtOracle = createExpert('pusht');
    const cut = rollout(pusht, { act: (obs) => pushtOracle.oracle(obs) }, 9, { maxSteps: 25 });
    const arm = createEnv('arm');
    const still = rollout(arm, { act: (obs) => obs.slice(0, 6) }, 4, { maxSteps: 10 });

    expect(off.success).toBe(false);
    expect(taskScore('lane', off)).toBeGreaterThan(0.05);
    expect(taskScore('lane', off)).toBeLessThan(0.5);
    expect(taskScore('lane', off)).toBe(before('lane', off));
    expect(taskScore('lane', off)).toBe(measureRollout('lane', off)['lap driven before leaving the lane']);
    expect(taskScore('pusht', cut)).toBe(before('pusht', cut));
    expect(taskScore('pusht', cut)).toBe(measureRollout('pusht', cut)['max coverage']);
    expect(taskScore('arm', still)).toBe(before('arm', still));
    expect(taskScore('arm', still)).toBeGreaterThan(0);
    for (const [env, r] of [
      ['lane', off],
      ['pusht', cut],
      ['arm', still],
    ] as const) {
      expect(taskScore(env, { ...r, success: true })).toBe(1);
    }
  });
});
