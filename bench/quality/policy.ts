/**
 * The effect on a policy: BC-MLP trained on all episodes, on the kept ones (those the combined score
 * does not flag), on a random subset with the same number of frames, and on all but the
 * failure-tagged ones (what a user can do without quality scores); several training seeds, each
 * evaluated over the same seeded rollouts.
 */
import type { LrSchedule } from '../../src/common/api';
import type { ScoredEpisode } from '../../src/quality/combine';
import { wilsonInterval, evaluatePolicy, simPolicy } from '../../src/training/jobs/evaluate';
import { trainPolicy, type PolicyConfig, type TrainingData } from '../../src/training';
import { resolveActionSettings } from '../../src/training/actionSettings';
import { Rng } from '../../src/training/rng';
import { loadSo101Urdf, TASK_MEASURES, type DemoEpisode, type DemoSet, type SimName } from '../../src/sim';
import { packageRoot } from '../../src/paths';

export interface PolicyOptions {
  seeds: number;
  rollouts: number;
  /** Optimizer steps per training run (batch 256): the same for every selection, whatever its size. */
  steps: number;
  policy: PolicyConfig;
  /** Learn actions named like an observation value as offsets from it. */
  relative: boolean;
  /** Learn the action points as offsets from this observation point (PushT: `agent`). */
  relativeTo?: string;
  /** See every point from this object (PushT: `block`). */
  objectFrame?: string;
  /** The learning rate over each run (constant, or cosine decay to zero). */
  schedule: LrSchedule;
  /** Only these selections (all four when absent). */
  conditions?: string[];
  /** Kept episodes are at least this share of all (the lowest scores) when fewer are unflagged. */
  minKeep: number;
  /** bc-cnn: the policy sees the camera alone (the demonstrations carry their frames). */
  camera?: boolean;
}

/** Optimizer batch: 256 rows, 32 for image policies (as in bench/quality/regimes.ts). */
const batchOf = (o: PolicyOptions) => (o.policy.kind === 'bc-cnn' ? 32 : 256);

export interface ConditionResult {
  condition: string;
  episodes: number[];
  frames: number[];
  successRate: { mean: number; sd: number; perSeed: number[]; ci95: [number, number] };
  score: { mean: number; sd: number; perSeed: number[]; name: string; unit: string; higherIsBetter: boolean };
}

/** The task's first continuous measure (`src/sim/taskScores.ts`): PushT final coverage, lane lap, arm distance. */
const measureOf = (env: SimName) => TASK_MEASURES[env][0]!;

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
};

/** The episodes as training rows; with `camera`, their frames alone stand for the observation. */
function pack(episodes: DemoEpisode[], obsDim: number, actDim: number, camera = false): TrainingData {
  const starts: number[] = [];
  let frames = 0;
  for (const e of episodes) {
    starts.push(frames);
    frames += e.steps;
  }
  const width = camera ? 0 : obsDim;
  const obs = new Float32Array(frames * width);
  const actions = new Float32Array(frames * actDim);
  episodes.forEach((e, i) => {
    obs.set(e.obs.subarray(0, e.steps * width), starts[i]! * width);
    actions.set(e.actions.subarray(0, e.steps * actDim), starts[i]! * actDim);
  });
  if (!camera) return { obs, actions, obsDim, actDim, episodeStarts: starts };
  const first = episodes[0]!.frames?.[0];
  if (!first) throw new Error('--camera: the demonstrations carry no frames');
  const size = first.width * first.height * 3;
  const data = new Uint8Array(frames * size);
  episodes.forEach((e, i) => {
    for (let t = 0; t < e.steps; t++) data.set(e.frames![t]!.data, (starts[i]! + t) * size);
  });
  return {
    obs,
    actions,
    obsDim: 0,
    actDim,
    episodeStarts: starts,
    images: { data, width: first.width, height: first.height, channels: 3 },
  };
}

/** The four selections; the random one is drawn per seed. */
export function selections(set: DemoSet, scored: ScoredEpisode[], o: PolicyOptions) {
  const index = (id: string) => Number(id.slice(1));
  const ranked = [...scored].sort((a, b) => a.score - b.score);
  let kept = ranked.filter((s) => s.flags.length === 0).map((s) => index(s.id));
  const floor = Math.ceil(o.minKeep * set.episodes.length);
  if (kept.length < floor) kept = ranked.slice(0, floor).map((s) => index(s.id));
  const all = set.episodes.map((_, i) => i);
  const keptFrames = kept.reduce((a, i) => a + set.episodes[i]!.steps, 0);
  const random = (seed: number) => {
    const order = new Rng(seed ^ 0x7a11).shuffle(all.slice());
    const out: number[] = [];
    let frames = 0;
    for (const i of order) {
      if (frames >= keptFrames) break;
      out.push(i);
      frames += set.episodes[i]!.steps;
    }
    return out;
  };
  const noFailure = all.filter((i) => set.episodes[i]!.success);
  return { all: () => all, kept: () => kept, random, 'all-but-failure': () => noFailure } as Record<
    string,
    (seed: number) => number[]
  >;
}

export async function comparePolicies(
  env: SimName,
  set: DemoSet,
  scored: ScoredEpisode[],
  o: PolicyOptions,
  log: (line: string) => void,
): Promise<ConditionResult[]> {
  const urdf = env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
  const obsDim = set.spec.observation.length;
  const actDim = set.spec.action.length;
  const { relativeTo, frame } = resolveActionSettings(
    {
      relativeActions: o.relative,
      ...(o.relativeTo === undefined ? {} : { actionsRelativeTo: o.relativeTo }),
      ...(o.objectFrame === undefined ? {} : { objectFrame: o.objectFrame }),
    },
    set.spec.action,
    set.spec.observation,
  );
  // A policy that takes no training seed (nearest neighbours) gives every seed its own rollouts,
  // so the spread over seeds is the evaluation's; every selection meets the same ones per seed.
  const evalSeed = (seed: number) => (o.policy.kind === 'knn' ? 9000 + seed : 9000);
  const out: ConditionResult[] = [];
  const picked = Object.entries(selections(set, scored, o)).filter(
    ([c]) => !o.conditions || o.conditions.includes(c),
  );
  for (const [condition, pick] of picked) {
    const rates: number[] = [];
    const scores: number[] = [];
    const sizes: number[] = [];
    const frames: number[] = [];
    let successes = 0;
    for (let seed = 0; seed < o.seeds; seed++) {
      const chosen = pick(seed).map((i) => set.episodes[i]!);
      sizes.push(chosen.length);
      frames.push(chosen.reduce((a, e) => a + e.steps, 0));
      const data = pack(chosen, obsDim, actDim, o.camera);
      const perEpoch = Math.max(1, Math.floor(frames.at(-1)! / batchOf(o)));
      const { policy } = await trainPolicy({
        policy: o.policy,
        ...(relativeTo ? { relativeTo } : {}),
        ...(frame ? { frame } : {}),
        data,
        epochs: Math.max(1, Math.round(o.steps / perEpoch)),
        batchSize: batchOf(o),
        seed,
        valFraction: 0,
        schedule: o.schedule,
      });
      const per: number[] = [];
      const result = await evaluatePolicy((e) => simPolicy(policy, e), {
        env,
        episodes: o.rollouts,
        seed: evalSeed(seed),
        ...(urdf ? { urdf } : {}),
        onRollout: (_, r) => void per.push(measureOf(env).of(r)),
      });
      policy.dispose();
      const ok = result.successes.filter(Boolean).length;
      successes += ok;
      rates.push(ok / o.rollouts);
      scores.push(per.reduce((a, b) => a + b, 0) / per.length);
      log(
        `${env} ${condition} seed ${seed}: ${chosen.length} episodes, success ${ok}/${o.rollouts}, score ${scores.at(-1)!.toFixed(3)}`,
      );
    }
    out.push({
      condition,
      episodes: sizes,
      frames,
      successRate: {
        ...meanSd(rates),
        perSeed: rates,
        ci95: wilsonInterval(successes, o.rollouts * o.seeds),
      },
      score: {
        ...meanSd(scores),
        perSeed: scores,
        name: measureOf(env).name,
        unit: measureOf(env).unit,
        higherIsBetter: measureOf(env).higherIsBetter,
      },
    });
  }
  return out;
}

/**
 * Whether `kept` beats a baseline by more than the seeds' spread (the sum of both SDs), per measure;
 * never with fewer than two seeds (no spread to beat).
 */
export function verdict(results: ConditionResult[]) {
  const kept = results.find((r) => r.condition === 'kept');
  if (!kept) return [];
  const seeds = kept.successRate.perSeed.length;
  const beyond = (gain: number, a: number, b: number) => seeds >= 2 && gain > 0 && gain > a + b;
  const sign = kept.score.higherIsBetter ? 1 : -1;
  return results
    .filter((r) => r.condition !== 'kept')
    .map((r) => ({
      baseline: r.condition,
      successGain: kept.successRate.mean - r.successRate.mean,
      successBeyondSpread: beyond(
        kept.successRate.mean - r.successRate.mean,
        kept.successRate.sd,
        r.successRate.sd,
      ),
      // Gains are improvements: a distance that shrinks is a gain.
      scoreGain: (kept.score.mean - r.score.mean) * sign,
      scoreBeyondSpread: beyond((kept.score.mean - r.score.mean) * sign, kept.score.sd, r.score.sd),
    }));
}
