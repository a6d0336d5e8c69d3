import { describe, expect, it } from 'vitest';
import {
  ARM_SPEC,
  LANE_SPEC,
  PUSHT_SPEC,
  SUCCESS_COVERAGE,
  TASK_MEASURES,
  createEnv,
  createExpert,
  measureRollout,
  oracleEpisode,
  rollout,
  summarizeMeasures,
  type ScoredRollout,
} from '../../../src/sim';
import { PAD_RADIUS } from '../../../src/sim/arm/armEnv';

const made = (o: Partial<ScoredRollout> & Pick<ScoredRollout, 'observationColumns'>): ScoredRollout => ({
  rewards: new Float32Array(),
  finalObs: new Float32Array(o.observationColumns.length),
  success: false,
  ...o,
});

/** An arm final observation with the cube and the pad where given, found by column name. */
function armObs(cube: [number, number, number], pad: [number, number]): Float32Array {
  const obs = new Float32Array(ARM_SPEC.observation.length).fill(9);
  const at = (name: string, v: number) => (obs[ARM_SPEC.observation.indexOf(name)] = v);
  at('block_x', cube[0]);
  at('block_y', cube[1]);
  at('block_z', cube[2]);
  at('pad_x', pad[0]);
  at('pad_y', pad[1]);
  return obs;
}

describe('task measures of hand-made rollouts', () => {
  it('lists each env with name, unit and direction', () => {
    const listed = Object.fromEntries(
      Object.entries(TASK_MEASURES).map(([env, ms]) => [
        env,
        ms.map(({ name, unit, higherIsBetter }) => ({ name, unit, higherIsBetter })),
      ]),
    );
    expect(listed).toEqual({
      pusht: [
        { name: 'final coverage', unit: 'fraction', higherIsBetter: true },
        { name: 'max coverage', unit: 'fraction', higherIsBetter: true },
      ],
      lane: [{ name: 'lap driven before leaving the lane', unit: 'lap', higherIsBetter: true }],
      arm: [{ name: 'final distance to the goal', unit: 'm', higherIsBetter: false }],
    });
  });

  it('pusht: the last coverage and the best one', () => {
    const r = made({ observationColumns: PUSHT_SPEC.observation, rewards: Float32Array.of(0.1, 0.5, 0.25) });
    expect(measureRollout('pusht', r)).toEqual({ 'final coverage': 0.25, 'max coverage': 0.5 });
    expect(measureRollout('pusht', made({ observationColumns: PUSHT_SPEC.observation }))).toEqual({
      'final coverage': 0,
      'max coverage': 0,
    });
  });

  it('lane: the rewards summed, a finished lap exactly 1, backwards none', () => {
    const lap = (rewards: number[], success = false) =>
      measureRollout(
        'lane',
        made({ observationColumns: LANE_SPEC.observation, rewards: Float32Array.from(rewards), success }),
      )['lap driven before leaving the lane'];
    expect(lap([0.25, 0.25, 0.125, 0])).toBeCloseTo(0.625, 6);
    expect(lap([0.5, 0.4999], true)).toBe(1);
    expect(lap([0.6, 0.41], true)).toBe(1);
    expect(lap([-0.01, -0.02])).toBe(0);
  });

  it('arm: cube centre to pad centre on the table, read by column name', () => {
    const r = made({
      observationColumns: ARM_SPEC.observation,
      finalObs: armObs([0.1, 0.2, 0.05], [0.13, 0.24]),
    });
    expect(measureRollout('arm', r)['final distance to the goal']).toBeCloseTo(0.05, 6);
    const shuffled = [...ARM_SPEC.observation].reverse();
    const reversed = made({
      observationColumns: shuffled,
      finalObs: armObs([0.1, 0.2, 0.05], [0.13, 0.24]).reverse(),
    });
    expect(measureRollout('arm', reversed)['final distance to the goal']).toBeCloseTo(0.05, 6);
    const noPad = made({ observationColumns: ARM_SPEC.observation.slice(0, 10) });
    expect(() => measureRollout('arm', noPad)).toThrow(/no pad_x \(columns: shoulder_pan/);
  });
});

describe('summarizeMeasures', () => {
  it('mean, sample SD, min and max; SD 0 for one rollout; none for no rollouts', () => {
    const lane = (xs: number[]) =>
      summarizeMeasures(
        'lane',
        xs.map((x) => ({ 'lap driven before leaving the lane': x })),
      );
    const [s] = lane([0.25, 0.5, 0.75, 1]);
    expect(s).toMatchObject({
      name: 'lap driven before leaving the lane',
      unit: 'lap',
      higherIsBetter: true,
    });
    expect(s!.mean).toBeCloseTo(0.625, 12);
    expect(s!.sd).toBeCloseTo(Math.sqrt(0.3125 / 3), 12);
    expect([s!.min, s!.max]).toEqual([0.25, 1]);
    expect(lane([0.4])).toEqual([
      {
        name: 'lap driven before leaving the lane',
        unit: 'lap',
        higherIsBetter: true,
        mean: 0.4,
        sd: 0,
        min: 0.4,
        max: 0.4,
      },
    ]);
    expect(lane([])).toEqual([]);
  });

  it('names a rollout without one of the measures', () => {
    expect(() =>
      summarizeMeasures('pusht', [{ 'final coverage': 0.5, 'max coverage': 0.6 }, { 'final coverage': 0.5 }]),
    ).toThrow('pusht rollout 1 has no "max coverage" measure');
  });
});

describe('task measures of real seeded rollouts', () => {
  it('arm: the oracle succeeds with the cube within the pad radius; arms that stay put end where the cube lay', () => {
    const env = createEnv('arm');
    for (let i = 0; i < 3; i++) {
      const r = oracleEpisode(env, { env: 'arm', seed: 11 }, i);
      expect(r.success).toBe(true);
      expect(measureRollout('arm', r)['final distance to the goal']).toBeLessThan(PAD_RADIUS);
    }
    const still = rollout(env, { act: (obs) => obs.slice(0, 6) }, 5, { maxSteps: 20 });
    expect(still.success).toBe(false);
    // Pads are placed at least 10 cm from the cube.
    expect(measureRollout('arm', still)['final distance to the goal']).toBeGreaterThanOrEqual(0.1);
  });

  it('pusht: max coverage is at least the final one, whole and cut-short oracle rollouts', () => {
    const env = createEnv('pusht');
    const oracle = createExpert('pusht');
    for (let i = 0; i < 3; i++) {
      const whole = oracleEpisode(env, { env: 'pusht', seed: 11 }, i);
      const m = measureRollout('pusht', whole);
      expect(whole.success).toBe(true);
      expect(m['final coverage']).toBeGreaterThanOrEqual(SUCCESS_COVERAGE);
      expect(m['max coverage']).toBeGreaterThanOrEqual(m['final coverage']!);
      const cut = rollout(env, { act: (obs) => oracle.oracle(obs) }, 100 + i, { maxSteps: 30 });
      const c = measureRollout('pusht', cut);
      expect(cut.success).toBe(false);
      expect(c['final coverage']).toBe(cut.rewards[29]);
      expect(c['max coverage']).toBeGreaterThanOrEqual(c['final coverage']!);
      expect(c['max coverage']).toBe(Math.max(...cut.rewards));
    }
  });

  it('lane: the oracle drives 1.0 lap; a car that turns off the road drives part of one', () => {
    const env = createEnv('lane');
    for (let i = 0; i < 3; i++) {
      const r = oracleEpisode(env, { env: 'lane', seed: 11 }, i);
      expect(r.success).toBe(true);
      expect(measureRollout('lane', r)['lap driven before leaving the lane']).toBe(1);
    }
    const oracle = createExpert('lane');
    let step = 0;
    // The oracle for 80 steps, then full lock to the left until the car leaves the road.
    const off = rollout(
      env,
      { reset: () => (step = 0), act: (obs) => (step++ < 80 ? oracle.oracle(obs) : Float32Array.of(0.5, 8)) },
      3,
    );
    expect(off.success).toBe(false);
    const lap = measureRollout('lane', off)['lap driven before leaving the lane']!;
    expect(lap).toBeGreaterThan(0.1);
    expect(lap).toBeLessThan(0.5);
    expect(lap).toBeCloseTo(
      off.rewards.reduce((a, b) => a + b, 0),
      6,
    );
  });
});
