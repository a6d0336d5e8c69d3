/**
 * Which visited frames to label within a budget. `all` labels every one; `uncertain` ranks them by
 * the disagreement of a small ensemble (EnsembleDAgger, ThriftyDAgger) plus their novelty (distance
 * to the nearest labelled state), each as a rank so neither scale dominates, and keeps the top B.
 */
import type { Stats } from '../training';
import type { TrainedPolicy } from '../training';

export const SELECT_MODES = ['all', 'uncertain'] as const;
export type SelectMode = (typeof SELECT_MODES)[number];

/** Per frame: the variance across members of each action dimension (in units of its std), averaged. */
export function disagreement(members: readonly TrainedPolicy[], obs: Float32Array): Float64Array {
  if (members.length < 2) throw new Error('an ensemble needs at least two members');
  const { obsDim, actDim } = members[0]!.net.shapes;
  const rows = obs.length / obsDim;
  const std = members[0]!.stats.action.std;
  const outs = members.map((m) => m.actBatch(obs));
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let d = 0; d < actDim; d++) {
      let sum = 0;
      let sumSq = 0;
      for (const o of outs) {
        const v = o[r * actDim + d]! / std[d]!;
        sum += v;
        sumSq += v * v;
      }
      const m = sum / outs.length;
      total += Math.max(0, sumSq / outs.length - m * m);
    }
    out[r] = total / actDim;
  }
  return out;
}

/** Per frame: Euclidean distance (in normalized units) to the nearest of `known` observations. */
export function novelty(obs: Float32Array, known: Float32Array, stats: Stats): Float64Array {
  const dim = stats.mean.length;
  const rows = obs.length / dim;
  const k = known.length / dim;
  const scale = stats.std.map((s) => 1 / s);
  const out = new Float64Array(rows).fill(k === 0 ? Infinity : 0);
  for (let r = 0; r < rows && k > 0; r++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      let d2 = 0;
      for (let d = 0; d < dim && d2 < best; d++) {
        const diff = (obs[r * dim + d]! - known[j * dim + d]!) * scale[d]!;
        d2 += diff * diff;
      }
      if (d2 < best) best = d2;
    }
    out[r] = Math.sqrt(best);
  }
  return out;
}

/** Ranks of values (0 for the smallest), ties broken by index. */
function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => values[a]! - values[b]! || a - b,
  );
  const out = new Float64Array(values.length);
  order.forEach((i, rank) => (out[i] = rank));
  return out;
}

/** The priority of each frame: the sum of its disagreement rank and its novelty rank. */
export function priority(disagree: ArrayLike<number>, novel: ArrayLike<number>): Float64Array {
  const a = ranks(disagree);
  const b = ranks(novel);
  return a.map((v, i) => v + b[i]!);
}

/** Indices of the `budget` highest priorities (ties: earlier frame first), in frame order. */
export function topFrames(scores: ArrayLike<number>, budget: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]! || a - b,
  );
  return order.slice(0, Math.max(0, budget)).sort((a, b) => a - b);
}
