import { describe, expect, it } from 'vitest';
import { LaneEnv, LaneExpert, rollout, type Rollout } from '../../../src/sim';
import { SKILL_PROFILES, type FlawProfile } from '../../../src/sim/experts/skill';
import { HESITANT_SPEED } from '../../../src/sim/experts/laneExpert';
import { laneSteer } from '../../../src/sim/experts/laneOracle';

const OBS = 9;
const CORNER = 0.03;
const row = (r: Rollout, i: number): Float32Array =>
  i < r.steps ? r.obs.subarray(i * OBS, (i + 1) * OBS) : r.finalObs;

function drive(profile: FlawProfile, envSeed: number) {
  const expert = new LaneExpert({ skill: 'better', profile });
  const episode = rollout(new LaneEnv(), expert, envSeed, { policySeed: 70 + envSeed });
  return { episode, flaws: expert.meta().flaws };
}

describe('lane demonstrator habits', () => {
  it('lifts off to a crawl at every corner entry when hesitating, and keeps steering', () => {
    const profile: FlawProfile = { ...SKILL_PROFILES.better, hesitation: 1, hesitationSeconds: [1.5, 1.5] };
    for (const seed of [21, 22]) {
      const { episode, flaws } = drive(profile, seed);
      expect(episode.success).toBe(true);
      const stops = flaws.filter((f) => f.kind === 'hesitation');
      expect(stops.length).toBeGreaterThanOrEqual(2);
      for (const stop of stops) {
        expect(stop.detail?.['at']).toBe('corner entry');
        expect(stop.steps).toBe(15);
        // A corner starts here: sharp 10 m ahead, not one step before (or the lap starts in it).
        expect(Math.abs(row(episode, stop.step)[5]!)).toBeGreaterThan(CORNER);
        if (stop.step > 0) expect(Math.abs(row(episode, stop.step - 1)[5]!)).toBeLessThanOrEqual(CORNER);
        expect(stop.step + stop.steps).toBeLessThan(episode.steps);
        let offCourse = 0;
        for (let i = stop.step; i < stop.step + stop.steps; i++) {
          expect(episode.actions[i * 2 + 1]).toBeLessThanOrEqual(HESITANT_SPEED);
          offCourse += Math.abs(episode.actions[i * 2]! - laneSteer(row(episode, i)));
        }
        // The car really slows (from 8 m/s; the throttle lags by 0.5 s) while the hands steer as
        // the oracle would (a hesitation is not a pause: no frozen wheel).
        expect(row(episode, stop.step + stop.steps)[2]).toBeLessThan(HESITANT_SPEED + 1);
        expect(offCourse / stop.steps).toBeLessThan(0.02);
      }
    }
  });

  it('with its second strategy holds the inside of every corner, and still finishes the lap', () => {
    const inside = (secondStrategy: number) => {
      let sum = 0;
      let count = 0;
      let wins = 0;
      for (const seed of [31, 32, 33]) {
        const { episode } = drive({ ...SKILL_PROFILES.better, secondStrategy }, seed);
        if (episode.success) wins++;
        for (let i = 0; i < episode.steps; i++) {
          const o = row(episode, i);
          if (Math.abs(o[3]!) <= CORNER) continue;
          // Lateral offset is left-positive and left turns have positive curvature.
          sum += o[0]! * Math.sign(o[3]!);
          count++;
        }
      }
      return { offset: sum / count, wins };
    };
    const centre = inside(0);
    const hug = inside(1);
    expect(Math.abs(centre.offset)).toBeLessThan(0.3);
    expect(hug.offset).toBeGreaterThan(0.8);
    expect(hug.offset).toBeLessThan(2);
    expect(centre.wins).toBe(3);
    expect(hug.wins).toBe(3);
  });
});
