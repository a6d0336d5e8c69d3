// The DAgger benchmark's body (bundled by run.mjs): in-memory runs of the studio's DAgger steps
// against behaviour cloning on flawless demonstrations with the same number of labelled frames.
import {
  chooseFrames,
  collect,
  envAndOracle,
  envSeedOf,
  evaluateScores,
  firstFrames,
  type IterationSettings,
} from '../../src/dagger/iteration';
import { labelCount, labelledData, type LabelSet } from '../../src/dagger/labelData';
import { DEFAULT_RETRAIN, retrain } from '../../src/dagger/retrain';
import { betaOf, mixedRollout } from '../../src/dagger/schedule';
import { mean } from '../../src/dagger/score';
import { initTrainingBackend, type TrainedPolicy } from '../../src/training';
import { wilsonInterval } from '../../src/training/jobs/evaluate';
import { createEnv, type SimName } from '../../src/sim';

export const useBackend = () => initTrainingBackend({ backend: 'wasm' });

export interface Point {
  labels: number;
  successes: number;
  episodes: number;
  successRate: number;
  ci95: [number, number];
  score: number;
}

export interface RunOptions {
  env: SimName;
  seed: number;
  rollouts: number;
  iterations: number;
  select: 'all' | 'uncertain';
  budget: number | null;
  betaDecay: number;
  evalEpisodes: number;
  steps: number;
}

const EVAL_SEED = 900_001;

async function point(env: SimName, policy: TrainedPolicy, labels: number, episodes: number): Promise<Point> {
  const { successes, scores } = await evaluateScores({ env }, policy, episodes, EVAL_SEED);
  const ok = successes.filter(Boolean).length;
  return {
    labels,
    successes: ok,
    episodes,
    successRate: ok / episodes,
    ci95: wilsonInterval(ok, episodes),
    score: mean(scores),
  };
}

const dims = (env: SimName) => {
  const { spec } = createEnv(env);
  return { obsDim: spec.observation.length, actDim: spec.action.length };
};

/** DAgger: iteration 0 the oracle's demonstrations, then K iterations of mixture rollouts. */
export async function dagger(o: RunOptions): Promise<Point[]> {
  const s: IterationSettings = {
    env: o.env,
    rollouts: o.rollouts,
    seed: o.seed,
    select: o.select,
    budget: o.budget,
    ensemble: 3,
  };
  const { obsDim, actDim } = dims(o.env);
  const train = { ...DEFAULT_RETRAIN, steps: o.steps };
  const sets: LabelSet[] = [];
  const points: Point[] = [];
  let policy: TrainedPolicy | null = null;
  for (let i = 0; i <= o.iterations; i++) {
    const rollouts = collect(s, i, policy, betaOf(o.betaDecay, i));
    const masks = await chooseFrames(s, i, rollouts, sets, policy, train);
    rollouts.forEach((r, k) => sets.push({ obs: r.obs, labels: r.labels, mask: masks[k]! }));
    policy?.dispose();
    policy = (await retrain(labelledData(sets, obsDim, actDim), { ...train, seed: o.seed })).policy;
    points.push(await point(o.env, policy, labelCount(sets), o.evalEpisodes));
  }
  policy?.dispose();
  return points;
}

/**
 * BC on the oracle's demonstrations (iteration 0's rollouts, then more of the same seed stream), cut
 * to each label count: the first frames of as many demonstrations as it takes.
 */
export async function bc(o: RunOptions, labelCounts: number[]): Promise<Point[]> {
  const { obsDim, actDim } = dims(o.env);
  const { env, oracle } = envAndOracle({ env: o.env });
  const demos: LabelSet[] = [];
  let have = 0;
  const points: Point[] = [];
  for (const want of labelCounts) {
    while (have < want) {
      const demo = mixedRollout(env, oracle, null, 1, envSeedOf(o.seed, 0, demos.length));
      demos.push({ obs: demo.obs, labels: demo.labels, mask: new Uint8Array(demo.steps).fill(1) });
      have += demo.steps;
    }
    const cut = firstFrames(
      demos.map((d) => ({ steps: d.mask.length })),
      want,
    );
    const sets = demos.map((d, k) => ({ ...d, mask: cut[k]! }));
    const train = { ...DEFAULT_RETRAIN, steps: o.steps, seed: o.seed };
    const policy = (await retrain(labelledData(sets, obsDim, actDim), train)).policy;
    points.push(await point(o.env, policy, want, o.evalEpisodes));
    policy.dispose();
  }
  return points;
}
