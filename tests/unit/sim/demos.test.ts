import { describe, expect, it } from 'vitest';
import { generateDemos, rollout, LaneEnv, LaneExpert, PushTEnv, SKILL_LEVELS } from '../../../src/sim';

describe('rollout', () => {
  it('packs observations and actions and records frames when asked', () => {
    const env = new LaneEnv();
    const r = rollout(env, new LaneExpert(), 1, { render: true, maxSteps: 20 });
    expect(r.steps).toBe(20);
    expect(r.obs).toHaveLength(20 * env.spec.observation.length);
    expect(r.actions).toHaveLength(20 * env.spec.action.length);
    expect(r.rewards).toHaveLength(20);
    expect(r.frames).toHaveLength(21);
    expect(r.frames![0]!.data).toHaveLength(64 * 64 * 3);
    expect(r.observationColumns).toEqual(env.spec.observation);
  });
});

describe('generateDemos', () => {
  it('keeps skill and injected flaws as metadata, reproducibly', () => {
    const a = generateDemos({ env: 'lane', episodes: 6, seed: 3, skill: 'mixed' });
    const b = generateDemos({ env: 'lane', episodes: 6, seed: 3, skill: 'mixed' });
    expect(a.episodes.map((e) => Array.from(e.actions))).toEqual(
      b.episodes.map((e) => Array.from(e.actions)),
    );
    for (const e of a.episodes) {
      expect(SKILL_LEVELS).toContain(e.meta.skill);
      expect(e.meta.preset).toBe('mixed');
      for (const f of e.meta.flaws) expect(f.step).toBeLessThan(e.steps);
    }
    expect(new Set(a.episodes.map((e) => e.meta.skill)).size).toBeGreaterThan(1);
    expect(a.spec.name).toBe('lane');
  });

  it('injects more flaws at lower skill', () => {
    const count = (skill: 'better' | 'worse'): number =>
      generateDemos({ env: 'lane', episodes: 4, seed: 1, skill, render: false }).episodes.reduce(
        (n, e) => n + e.meta.flaws.length / e.steps,
        0,
      );
    expect(count('worse')).toBeGreaterThan(3 * count('better'));
  });

  it('replays: the recorded actions reproduce the episode from its env seed', () => {
    const demo = generateDemos({ env: 'pusht', episodes: 1, seed: 5, skill: 'okay' }).episodes[0]!;
    const env = generateDemos({ env: 'pusht', episodes: 0, seed: 0, skill: 'better' }).spec;
    expect(env.action).toEqual(['target_x', 'target_y']);
    const replay = new PushTEnv();
    let obs = replay.reset(demo.meta.envSeed);
    for (let t = 0; t < demo.steps; t++) {
      expect(Array.from(obs)).toEqual(Array.from(demo.obs.subarray(t * 5, t * 5 + 5)));
      obs = replay.step(demo.actions.subarray(t * 2, t * 2 + 2)).obs;
    }
    expect(Array.from(obs)).toEqual(Array.from(demo.finalObs));
  });
});
