import { trainPolicy } from '../training/train';
import type { TrainingData } from '../training/data';
import { Rng } from '../training/rng';
import { seconds, timeAt, windowFrames, worstWindow } from './stats';
import type { SignalResult } from './types';

/** One episode's rows for the cross-fitted policy: observations, actions and their times. */
export interface LearnedEpisode {
  id: string;
  obs: Float32Array;
  actions: Float32Array;
  timesNs: Float64Array;
}

export interface LearnedOptions {
  folds: number;
  epochs: number;
  hidden: number[];
  seed: number;
  batchSize?: number;
  signal?: AbortSignal;
  onFold?: (done: number, total: number) => void;
}

/** Assigns each episode to one of `k` folds, seeded, sizes differing by at most one. */
export function foldsOf(count: number, k: number, seed: number): number[] {
  const order = new Rng(seed ^ 0xf01d).shuffle(Array.from({ length: count }, (_, i) => i));
  const fold = new Array<number>(count).fill(0);
  order.forEach((episode, position) => (fold[episode] = position % k));
  return fold;
}

function pack(episodes: readonly LearnedEpisode[], obsDim: number, actDim: number): TrainingData {
  const frames = episodes.map((e) => e.actions.length / actDim);
  const total = frames.reduce((a, b) => a + b, 0);
  const obs = new Float32Array(total * obsDim);
  const actions = new Float32Array(total * actDim);
  const starts: number[] = [];
  let at = 0;
  episodes.forEach((e, i) => {
    starts.push(at);
    obs.set(e.obs, at * obsDim);
    actions.set(e.actions, at * actDim);
    at += frames[i]!;
  });
  return { obs, actions, obsDim, actDim, episodeStarts: starts };
}

/**
 * The policy-aware score, cross-fitted: episodes are split into k folds; a BC-MLP trained on the
 * other k-1 folds scores each held-out episode step by step (`TrainedPolicy.scoreSteps`), so an
 * episode that disagrees with what the rest teach stands out. The value is the mean per-step error
 * (a mean, so length alone does not raise it); the span is the second that disagrees most. Needs an
 * initialised training backend.
 */
export async function crossFittedScores(
  episodes: readonly LearnedEpisode[],
  obsDim: number,
  actDim: number,
  o: LearnedOptions,
): Promise<Map<string, SignalResult>> {
  const out = new Map<string, SignalResult>();
  const usable = episodes.filter((e) => e.actions.length >= actDim);
  const k = Math.min(o.folds, usable.length);
  if (k < 2) {
    for (const e of episodes)
      out.set(e.id, { kind: 'learned', value: null, reason: 'needs at least two episodes', spans: [] });
    return out;
  }
  const fold = foldsOf(usable.length, k, o.seed);
  for (let f = 0; f < k; f++) {
    o.signal?.throwIfAborted();
    const train = usable.filter((_, i) => fold[i] !== f);
    const held = usable.filter((_, i) => fold[i] === f);
    const result = await trainPolicy({
      policy: { kind: 'bc-mlp', hidden: o.hidden },
      data: pack(train, obsDim, actDim),
      epochs: o.epochs,
      batchSize: o.batchSize ?? 256,
      seed: o.seed + f,
      valFraction: 0,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    try {
      const scores = result.policy.scoreSteps(pack(held, obsDim, actDim));
      let at = 0;
      for (const e of held) {
        const n = e.actions.length / actDim;
        out.set(e.id, describe(e, scores.subarray(at, at + n)));
        at += n;
      }
    } finally {
      result.policy.dispose();
    }
    o.onFold?.(f + 1, k);
  }
  for (const e of episodes)
    if (!out.has(e.id)) out.set(e.id, { kind: 'learned', value: null, reason: 'no frames', spans: [] });
  return out;
}

function describe(e: LearnedEpisode, steps: Float32Array): SignalResult {
  const mean = steps.reduce((a, b) => a + b, 0) / Math.max(1, steps.length);
  const w = windowFrames(e.timesNs, 1);
  const worst = worstWindow(steps, w);
  const startNs = timeAt(e.timesNs, worst.start);
  const endNs = timeAt(e.timesNs, worst.start + w);
  return {
    kind: 'learned',
    value: mean,
    reason: `actions disagree with a policy trained on the other demonstrations (mean error ${mean.toFixed(3)})`,
    spans: [
      {
        kind: 'learned',
        reason: `disagrees most between ${seconds(startNs)} and ${seconds(endNs)} (error ${(worst.sum / Math.max(1, Math.min(w, steps.length))).toFixed(3)})`,
        startNs,
        endNs,
      },
    ],
  };
}
