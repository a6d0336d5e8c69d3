/**
 * Steps per second of every built-in simulator, low-dim only and with rendering, plus the PushT
 * scene driven by the same closed-loop controller as pusht_chipmunk.py (for the Chipmunk ratio).
 * Bundled and run by run.mjs.
 */
import {
  ArmEnv,
  ArmExpert,
  LaneEnv,
  LaneExpert,
  PushTEnv,
  PushTExpert,
  rollout,
  type Env,
  type Expert,
} from '../../src/sim';
import { pointConvexDistance } from '../../src/sim/geometry';
import { teeParts } from '../../src/sim/pusht/tee';

export interface Row {
  env: string;
  mode: 'low-dim' | 'render';
  stepsPerSecond: number;
  steps: number;
  contactFraction?: number;
}

/** Same as ORBIT in pusht_chipmunk.py. */
const ORBIT = 58;

function orbitEpisode(
  env: PushTEnv,
  e: number,
  steps: number,
  render: boolean,
  contacts: { n: number },
): void {
  const agent: [number, number] = [256 + 150 * Math.cos(e * 1.3), 256 + 150 * Math.sin(e * 1.3)];
  let obs = env.setState(agent, [
    256 + 40 * Math.cos(e * 2.1),
    256 + 40 * Math.sin(e * 2.1),
    (e * 0.9) % (2 * Math.PI),
  ]);
  for (let t = 0; t < steps; t++) {
    const th = obs[4]!;
    const comx = obs[2]! - Math.sin(th) * 45;
    const comy = obs[3]! + Math.cos(th) * 45;
    const phi = 0.35 * t + e;
    obs = env.step([
      Math.min(512, Math.max(0, comx + ORBIT * Math.cos(phi))),
      Math.min(512, Math.max(0, comy + ORBIT * Math.sin(phi))),
    ]).obs;
    if (render) env.render();
    if (contacts.n >= 0) {
      const parts = teeParts([obs[2]!, obs[3]!, obs[4]!]);
      if (Math.min(...parts.map((p) => pointConvexDistance([obs[0]!, obs[1]!], p))) <= 16) contacts.n++;
    }
  }
}

export function benchPushTOrbit(episodes: number, steps: number, render: boolean): Row {
  const env = new PushTEnv();
  const contacts = { n: 0 };
  for (let e = 0; e < episodes; e++) orbitEpisode(env, e, steps, false, contacts);
  const contactFraction = contacts.n / (episodes * steps);
  orbitEpisode(env, 0, steps, render, { n: -1 });
  const t0 = performance.now();
  for (let e = 0; e < episodes; e++) orbitEpisode(env, e, steps, render, { n: -1 });
  const seconds = (performance.now() - t0) / 1000;
  return {
    env: 'pusht (orbit)',
    mode: render ? 'render' : 'low-dim',
    stepsPerSecond: (episodes * steps) / seconds,
    steps: episodes * steps,
    contactFraction,
  };
}

/** Replays recorded expert actions (the expert's own cost is left out). */
export function benchReplay(name: string, env: Env, expert: Expert, episodes: number, render: boolean): Row {
  const recorded = Array.from({ length: episodes }, (_, i) => ({
    seed: i + 1,
    r: rollout(env, expert, i + 1),
  }));
  const dim = env.spec.action.length;
  const t0 = performance.now();
  let steps = 0;
  for (const { seed, r } of recorded) {
    env.reset(seed);
    for (let t = 0; t < r.steps; t++) {
      env.step(r.actions.subarray(t * dim, (t + 1) * dim));
      if (render) env.render();
      steps++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { env: name, mode: render ? 'render' : 'low-dim', stepsPerSecond: steps / seconds, steps };
}

export function runAll(): Row[] {
  const rows: Row[] = [];
  for (const render of [false, true]) {
    rows.push(benchPushTOrbit(40, 100, render));
    rows.push(benchReplay('pusht (expert)', new PushTEnv(), new PushTExpert(), 20, render));
    rows.push(benchReplay('lane', new LaneEnv(), new LaneExpert(), 20, render));
    rows.push(benchReplay('arm', new ArmEnv(), new ArmExpert(), 40, render));
  }
  return rows;
}
