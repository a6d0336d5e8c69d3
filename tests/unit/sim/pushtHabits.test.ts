import { describe, expect, it } from 'vitest';
import { PushTEnv, PushTExpert, rollout, type Rollout } from '../../../src/sim';
import { SKILL_PROFILES, type FlawProfile } from '../../../src/sim/experts/skill';
import { pushTOracle, type PushTStyle } from '../../../src/sim/experts/pushtOracle';
import { pointConvexDistance, transformPoint } from '../../../src/sim/geometry';
import { AGENT_RADIUS, TEE_COM, teeParts } from '../../../src/sim/pusht/tee';

const OBS = 5;
const row = (r: Rollout, i: number): Float32Array =>
  i < r.steps ? r.obs.subarray(i * OBS, (i + 1) * OBS) : r.finalObs;

function play(profile: FlawProfile, envSeed: number) {
  const expert = new PushTExpert({ skill: 'better', profile });
  const episode = rollout(new PushTEnv(), expert, envSeed, { policySeed: 40 + envSeed });
  return { episode, flaws: expert.meta().flaws };
}

describe('PushT demonstrator habits', () => {
  it('hesitates before touching the T on a new side and when it is almost in place, standing still', () => {
    const profile: FlawProfile = { ...SKILL_PROFILES.better, hesitation: 1, hesitationSeconds: [0.5, 0.5] };
    for (const seed of [3, 4, 5]) {
      const { episode, flaws } = play(profile, seed);
      const stops = flaws.filter((f) => f.kind === 'hesitation');
      expect(
        stops.every((f) => f.detail?.['at'] === 'new side' || f.detail?.['at'] === 'fine alignment'),
      ).toBe(true);
      const sides = stops.filter((f) => f.detail?.['at'] === 'new side');
      expect(sides.length).toBeGreaterThanOrEqual(1);
      // The T only reaches the goal through "almost in place".
      if (episode.success) expect(stops.some((f) => f.detail?.['at'] === 'fine alignment')).toBe(true);
      for (const stop of sides) {
        // About to touch: the disk is next to the T's outline.
        const o = row(episode, stop.step);
        const gap = Math.min(
          ...teeParts([o[2]!, o[3]!, o[4]!]).map((p) => pointConvexDistance([o[0]!, o[1]!], p)),
        );
        expect(gap).toBeLessThan(AGENT_RADIUS + 6);
      }
      for (const stop of stops) {
        // Stands still (a pixel or two of tremor) once the agent has come to rest.
        const last = Math.min(stop.step + stop.steps, episode.steps);
        for (let i = stop.step + 2; i < last; i++) {
          const a = row(episode, i);
          const b = row(episode, i + 1);
          expect(Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!)).toBeLessThan(3);
        }
      }
    }
  });

  it('with its second strategy passes the T clockwise on every reposition, and still succeeds', () => {
    const sweep = (secondStrategy: number, style: PushTStyle) => {
      let clockwise = 0;
      let detour = 0;
      let wins = 0;
      let named = 0;
      for (const seed of [300, 301, 302, 303]) {
        const { episode, flaws } = play({ ...SKILL_PROFILES.better, secondStrategy }, seed);
        if (episode.success) wins++;
        if (flaws.some((f) => f.kind === 'second_strategy' && f.detail?.['what'])) named++;
        for (let i = 0; i < episode.steps; i++) {
          const o = row(episode, i);
          if (pushTOracle(o, style).mode !== 'detour') continue;
          const n = row(episode, i + 1);
          const c = transformPoint([o[2]!, o[3]!, o[4]!], TEE_COM);
          const d = transformPoint([n[2]!, n[3]!, n[4]!], TEE_COM);
          const cross = (o[0]! - c[0]) * (n[1]! - d[1]) - (o[1]! - c[1]) * (n[0]! - d[0]);
          detour++;
          if (cross > 0) clockwise++;
        }
      }
      return { share: clockwise / detour, wins, named };
    };
    const usual = sweep(0, {});
    const other = sweep(1, { way: 'clockwise' });
    // Shortest way round: both ways occur. The other strategy: (y down) clockwise nearly always.
    expect(usual.share).toBeLessThan(0.7);
    expect(other.share).toBeGreaterThan(0.85);
    expect(usual.named).toBe(0);
    expect(other.named).toBe(4);
    expect(other.wins).toBeGreaterThanOrEqual(3);
    expect(usual.wins).toBeGreaterThanOrEqual(3);
  });
});
