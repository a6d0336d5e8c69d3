import { describe, expect, it } from 'vitest';
import { LaneEnv, LaneExpert } from '../../../src/sim';
import { CAR_COLOR } from '../../../src/sim/lane/laneEnv';
import { generateTrack } from '../../../src/sim/lane/track';
import { pixel, successCount } from './helpers';

describe('lane tracks', () => {
  it('are closed loops whose heading turns once around', () => {
    const t = generateTrack(11);
    const n = t.x.length;
    expect(Math.hypot(t.x[0]! - t.x[n - 1]!, t.y[0]! - t.y[n - 1]!)).toBeLessThan(t.ds * 1.01);
    let turn = 0;
    for (let i = 0; i < n; i++) turn += t.curvature[i]! * t.ds;
    expect(turn).toBeCloseTo(2 * Math.PI, 1);
    expect(generateTrack(11).x).toEqual(t.x);
    expect(generateTrack(12).x).not.toEqual(t.x);
  });
});

describe('LaneEnv', () => {
  it('is deterministic for a seed', () => {
    const run = (): number[][] => {
      const env = new LaneEnv();
      const expert = new LaneExpert({ skill: 'worse' });
      expert.reset(4);
      let obs = env.reset(8);
      const out = [Array.from(obs)];
      for (let i = 0; i < 100; i++) {
        const r = env.step(expert.act(obs));
        obs = r.obs;
        out.push(Array.from(obs));
        if (r.done) break;
      }
      return out;
    };
    expect(run()).toEqual(run());
  });

  it('ends with failure when the car leaves the road', () => {
    const env = new LaneEnv();
    env.reset(2);
    let last;
    for (let i = 0; i < 100; i++) {
      last = env.step([0.5, 8]);
      if (last.done) break;
    }
    expect(last?.done).toBe(true);
    expect(last?.success).toBe(false);
    expect(last?.info['offRoad']).toBe(true);
  });

  it('renders the car on the road from above', () => {
    const env = new LaneEnv();
    env.reset(5);
    const img = env.render();
    expect([img.width, img.height]).toEqual([64, 64]);
    expect(pixel(img, 32, 48)).toEqual([...CAR_COLOR]);
    // Just ahead of the car is asphalt or a lane marking, never grass.
    const ahead = pixel(img, 31, 36);
    expect(ahead).not.toEqual([70, 140, 60]);
    // The view is wider than the road: some grass is in it.
    let grass = 0;
    for (let i = 0; i < img.data.length; i += 3) if (img.data[i] === 70 && img.data[i + 1] === 140) grass++;
    expect(grass).toBeGreaterThan(100);
  });

  it('scripted experts succeed within their bands', () => {
    const env = new LaneEnv();
    expect(successCount(env, new LaneExpert({ skill: 'better' }), 10, 200)).toBeGreaterThanOrEqual(9);
    expect(successCount(env, new LaneExpert({ skill: 'worse' }), 10, 200)).toBeLessThanOrEqual(6);
  });
});
