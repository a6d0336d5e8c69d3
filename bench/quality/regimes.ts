/**
 * Data regimes: where a policy cloned from the best (`better`) demonstrations sits between the
 * floor and the ceiling, probed across observations, policies, data and training. Each probe trains
 * on seeded demonstrations and is evaluated over the same seeded rollouts as bench/quality.
 *
 * Some probes go beyond what the studio trains: PushT observations as the T's keypoints (Diffusion
 * Policy's low-dim PushT) or with the angle as sine and cosine, computed here, and this bench's own
 * 1-nearest-neighbour over them. The `frame` probes use the studio's own settings instead: the
 * target learned relative to the agent, every point seen from the T (`objectFrame: 'block'`), and
 * the studio's policies, its nearest-neighbour policy (`knn`) among them.
 */
export { initTrainingBackend } from '../../src/training';
import { evaluatePolicy, simPolicy } from '../../src/training/jobs/evaluate';
import type { LrSchedule } from '../../src/common/api';
import { frameByName, trainPolicy, type PolicyConfig, type TrainingData } from '../../src/training';
import { PUSHT_SPEC } from '../../src/sim/pusht/pushtEnv';
import { generateDemos, type DemoEpisode, type Env, type Policy, type SimName } from '../../src/sim';
import { measureRollout } from '../../src/sim/taskScores';
import { TEE_BAR, TEE_STEM } from '../../src/sim/pusht/tee';
import { DEFAULT_SPEED } from '../../src/sim/lane/laneEnv';

export type Features = 'raw' | 'sincos' | 'keypoints';

export interface Probe {
  name: string;
  env: SimName;
  demos: number;
  /** `still`: the floor's reference (PushT: the agent stays put; lane: the wheel straight). */
  policy: 'bc-mlp' | 'bc-gmm' | 'bc-cnn' | 'knn' | 'nearest' | 'still';
  /** Optimizer steps (none for `nearest` and `knn`). */
  steps: number;
  features?: Features;
  /** PushT: the target learned as an offset from the agent. */
  relative?: boolean;
  chunk?: number;
  /** bc-cnn: the camera alone, without the low-dim observation. */
  imageOnly?: boolean;
  /**
   * PushT through the studio's own settings: the target relative to the agent and, when `frame` is
   * `block`, every point seen from the T; `world` keeps the world's frame.
   */
  frame?: 'block' | 'world';
  /** knn: the policy's temperature (default: the studio's). */
  temperature?: number;
}

const framed = (name: string, demos: number, policy: Probe['policy'], extra: Partial<Probe> = {}): Probe => ({
  name,
  env: 'pusht',
  demos,
  policy,
  steps: policy === 'knn' ? 0 : 4000,
  frame: 'block',
  ...extra,
});

/** Every probe, by name; `--probes` picks some. */
export const PROBES: readonly Probe[] = [
  { name: 'lane-still', env: 'lane', demos: 1, policy: 'still', steps: 0 },
  { name: 'lane-mlp-1demo-5steps', env: 'lane', demos: 1, policy: 'bc-mlp', steps: 5 },
  { name: 'lane-mlp-1demo-10steps', env: 'lane', demos: 1, policy: 'bc-mlp', steps: 10 },
  { name: 'lane-mlp-1demo-20steps', env: 'lane', demos: 1, policy: 'bc-mlp', steps: 20 },
  { name: 'lane-mlp-3demos-10steps', env: 'lane', demos: 3, policy: 'bc-mlp', steps: 10 },
  { name: 'lane-cnn-camera-2demos', env: 'lane', demos: 2, policy: 'bc-cnn', steps: 1000, imageOnly: true },
  { name: 'lane-cnn-camera-3demos', env: 'lane', demos: 3, policy: 'bc-cnn', steps: 1000, imageOnly: true },
  { name: 'lane-cnn-camera-5demos', env: 'lane', demos: 5, policy: 'bc-cnn', steps: 1000, imageOnly: true },
  {
    name: 'lane-cnn-camera-5demos-3k',
    env: 'lane',
    demos: 5,
    policy: 'bc-cnn',
    steps: 3000,
    imageOnly: true,
  },
  { name: 'lane-cnn-camera-10demos', env: 'lane', demos: 10, policy: 'bc-cnn', steps: 1000, imageOnly: true },
  { name: 'pusht-mlp-raw', env: 'pusht', demos: 100, policy: 'bc-mlp', steps: 4000 },
  { name: 'pusht-mlp-sincos', env: 'pusht', demos: 100, policy: 'bc-mlp', steps: 4000, features: 'sincos' },
  {
    name: 'pusht-mlp-keypoints',
    env: 'pusht',
    demos: 100,
    policy: 'bc-mlp',
    steps: 4000,
    features: 'keypoints',
  },
  {
    name: 'pusht-mlp-keypoints-relative-chunk8',
    env: 'pusht',
    demos: 100,
    policy: 'bc-mlp',
    steps: 4000,
    features: 'keypoints',
    relative: true,
    chunk: 8,
  },
  {
    name: 'pusht-gmm-keypoints-relative',
    env: 'pusht',
    demos: 100,
    policy: 'bc-gmm',
    steps: 4000,
    features: 'keypoints',
    relative: true,
  },
  {
    name: 'pusht-mlp-keypoints-200demos-30k',
    env: 'pusht',
    demos: 200,
    policy: 'bc-mlp',
    steps: 30_000,
    features: 'keypoints',
    chunk: 8,
  },
  { name: 'pusht-still', env: 'pusht', demos: 1, policy: 'still', steps: 0 },
  {
    name: 'pusht-nearest-keypoints-relative',
    env: 'pusht',
    demos: 100,
    policy: 'nearest',
    steps: 0,
    features: 'keypoints',
    relative: true,
  },
  framed('pusht-knn-world-100demos', 100, 'knn', { frame: 'world' }),
  framed('pusht-knn-frame-10demos', 10, 'knn'),
  framed('pusht-knn-frame-30demos', 30, 'knn'),
  framed('pusht-knn-frame-100demos', 100, 'knn'),
  framed('pusht-knn-frame-200demos', 200, 'knn'),
  framed('pusht-knn-frame-100demos-t1e-6', 100, 'knn', { temperature: 1e-6 }),
  framed('pusht-knn-frame-100demos-t1e-4', 100, 'knn', { temperature: 1e-4 }),
  framed('pusht-knn-frame-100demos-t1e-2', 100, 'knn', { temperature: 1e-2 }),
  framed('pusht-mlp-frame-100demos', 100, 'bc-mlp'),
  framed('pusht-gmm-frame-100demos', 100, 'bc-gmm'),
];

const KEYPOINTS = [...TEE_BAR, ...TEE_STEM];

/** PushT's observation (agent xy, block xy, angle) as the probe's features. */
export function pushtFeatures(features: Features, o: ArrayLike<number>): number[] {
  const [ax, ay, bx, by, th] = [o[0]!, o[1]!, o[2]!, o[3]!, o[4]!];
  if (features === 'raw') return [ax, ay, bx, by, th];
  if (features === 'sincos') return [ax, ay, bx, by, Math.sin(th), Math.cos(th)];
  const c = Math.cos(th);
  const s = Math.sin(th);
  return [ax, ay, ...KEYPOINTS.flatMap(([x, y]) => [bx + c * x - s * y, by + s * x + c * y])];
}

export interface ProbeResult {
  probe: string;
  env: SimName;
  demos: number;
  frames: number;
  policy: string;
  steps: number;
  /** Successes per training seed (the same rollouts for each). */
  successes: number[];
  rollouts: number;
  /** The task's first measure per seed (PushT final coverage, lane lap driven). */
  score: number[];
  scoreName: string;
  seconds: number;
}

const BATCH = 256;
const CNN_BATCH = 32;

function pack(probe: Probe, episodes: DemoEpisode[], obsDim: number, actDim: number): TrainingData {
  const features = probe.features ?? 'raw';
  const rows = episodes.reduce((a, e) => a + e.steps, 0);
  const starts: number[] = [];
  const width = probe.imageOnly
    ? 0
    : probe.env === 'pusht'
      ? pushtFeatures(features, [0, 0, 0, 0, 0]).length
      : obsDim;
  const obs = new Float32Array(rows * width);
  const actions = new Float32Array(rows * actDim);
  const image = episodes[0]!.frames?.[0];
  const images =
    probe.policy === 'bc-cnn' ? new Uint8Array(rows * image!.width * image!.height * 3) : undefined;
  let row = 0;
  for (const e of episodes) {
    starts.push(row);
    for (let t = 0; t < e.steps; t++, row++) {
      const o = e.obs.subarray(t * obsDim, (t + 1) * obsDim);
      if (width > 0) obs.set(probe.env === 'pusht' ? pushtFeatures(features, o) : o, row * width);
      for (let d = 0; d < actDim; d++) {
        const a = e.actions[t * actDim + d]!;
        actions[row * actDim + d] = probe.relative ? a - o[d]! : a;
      }
      if (images) images.set(e.frames![t]!.data, (row * images.length) / rows);
    }
  }
  return {
    obs,
    actions,
    obsDim: width,
    actDim,
    episodeStarts: starts,
    ...(images ? { images: { data: images, width: image!.width, height: image!.height, channels: 3 } } : {}),
  };
}

/** 1-nearest neighbour over the features (min-max scaled), answering the neighbour's action. */
function nearestPolicy(probe: Probe, data: TrainingData): Policy {
  const { obs, obsDim, actDim, actions } = data;
  const rows = obs.length / obsDim;
  const lo = new Float64Array(obsDim).fill(Infinity);
  const hi = new Float64Array(obsDim).fill(-Infinity);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < obsDim; j++) {
      lo[j] = Math.min(lo[j]!, obs[r * obsDim + j]!);
      hi[j] = Math.max(hi[j]!, obs[r * obsDim + j]!);
    }
  const scale = Array.from(lo, (l, j) => 1 / Math.max(1e-9, hi[j]! - l));
  return {
    reset: () => {},
    act: (o) => {
      const q = probe.env === 'pusht' ? pushtFeatures(probe.features ?? 'raw', o) : Array.from(o);
      let best = 0;
      let bestD = Infinity;
      for (let r = 0; r < rows; r++) {
        let d = 0;
        for (let j = 0; j < obsDim && d < bestD; j++) {
          const v = (obs[r * obsDim + j]! - q[j]!) * scale[j]!;
          d += v * v;
        }
        if (d < bestD) [best, bestD] = [r, d];
      }
      return Float32Array.from(
        { length: actDim },
        (_, d) => actions[best * actDim + d]! + (probe.relative ? o[d]! : 0),
      );
    },
  };
}

export async function runProbe(
  probe: Probe,
  o: { seeds: number; rollouts: number; schedule: LrSchedule; dataSeed: number },
  log: (line: string) => void,
): Promise<ProbeResult> {
  const started = performance.now();
  const set = generateDemos({
    env: probe.env,
    episodes: probe.demos,
    seed: o.dataSeed,
    skill: 'better',
    render: probe.policy === 'bc-cnn',
  });
  const obsDim = set.spec.observation.length;
  const actDim = set.spec.action.length;
  const data = pack(probe, set.episodes, obsDim, actDim);
  const frames = data.actions.length / actDim;
  const result: ProbeResult = {
    probe: probe.name,
    env: probe.env,
    demos: probe.demos,
    frames,
    policy: probe.policy,
    steps: probe.steps,
    successes: [],
    rollouts: o.rollouts,
    score: [],
    scoreName: '',
    seconds: 0,
  };
  // Nearest neighbours take no seed: the same data gives the same policy.
  const seeds = ['nearest', 'still', 'knn'].includes(probe.policy) ? 1 : o.seeds;
  for (let seed = 0; seed < seeds; seed++) {
    let make: (env: Env<Float32Array>) => Policy;
    let dispose = () => {};
    if (probe.policy === 'nearest') make = () => nearestPolicy(probe, data);
    else if (probe.policy === 'still')
      make = () => ({
        reset: () => {},
        act: (obs) =>
          probe.env === 'pusht' ? Float32Array.of(obs[0]!, obs[1]!) : Float32Array.of(0, DEFAULT_SPEED),
      });
    else {
      const batch = probe.policy === 'bc-cnn' ? CNN_BATCH : BATCH;
      const policyConfig: PolicyConfig =
        probe.policy === 'bc-mlp'
          ? { kind: 'bc-mlp', hidden: [256, 256], chunk: probe.chunk ?? 1 }
          : probe.policy === 'bc-gmm'
            ? { kind: 'bc-gmm', hidden: [256, 256] }
            : probe.policy === 'knn'
              ? {
                  kind: 'knn',
                  ...(probe.temperature === undefined ? {} : { temperature: probe.temperature }),
                }
              : { kind: 'bc-cnn' };
      const { policy } = await trainPolicy({
        policy: policyConfig,
        data,
        epochs: Math.max(1, Math.round(probe.steps / Math.max(1, Math.floor(frames / batch)))),
        batchSize: batch,
        seed,
        valFraction: 0,
        schedule: o.schedule,
        ...(probe.frame ? { relativeTo: [0, 1] } : {}),
        ...(probe.frame === 'block'
          ? { frame: frameByName('block', PUSHT_SPEC.observation, PUSHT_SPEC.action) }
          : {}),
      });
      dispose = () => policy.dispose();
      // The studio's own adapter serves plain and camera-only probes; PushT features and relative
      // targets are this bench's.
      const plain = !probe.features && !probe.relative;
      make = plain
        ? (env) => simPolicy(policy, env)
        : () => ({
            reset: () => policy.reset(),
            act: (obs) => {
              const out = policy.act({
                lowDim: Float32Array.from(pushtFeatures(probe.features ?? 'raw', obs)),
              });
              return probe.relative ? out.map((v, d) => v + obs[d]!) : out;
            },
          });
    }
    const per: number[] = [];
    const r = await evaluatePolicy(make, {
      env: probe.env,
      episodes: o.rollouts,
      seed: 9000,
      onRollout: (_, ro) => {
        const m = measureRollout(probe.env, ro);
        result.scoreName ||= Object.keys(m)[0]!;
        per.push(m[result.scoreName]!);
      },
    });
    dispose();
    result.successes.push(r.successes.filter(Boolean).length);
    result.score.push(per.reduce((a, b) => a + b, 0) / per.length);
    log(
      `${probe.name} seed ${seed}: ${result.successes.at(-1)}/${o.rollouts}, ${result.scoreName} ${result.score.at(-1)!.toFixed(3)}`,
    );
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
