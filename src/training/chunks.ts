/**
 * Action chunking (ACT, Zhao et al. 2023): a policy predicts its next `chunk` actions from one
 * observation and carries them out open-loop before it looks again. At a high control rate the
 * actions of consecutive steps barely differ, and a policy that answers every step stalls wherever
 * the demonstrations slowed down or paused; one that commits to a stretch of motion does not.
 */
import { episodeRanges, frameCount, type TrainingData } from './data';
import type { ResolvedPolicyConfig } from './policies';
import { toRelative } from './relative';

/** Actions per prediction (1 for every policy but a chunked BC-MLP; absent in older checkpoints). */
export function chunkOf(config: ResolvedPolicyConfig): number {
  return config.kind === 'bc-mlp' ? (config.chunk ?? 1) : 1;
}

/** The per-action mapping repeated for each action of a chunk. */
export function tileRelativeTo(
  relativeTo: readonly number[] | undefined,
  chunk: number,
): number[] | undefined {
  return relativeTo?.length ? Array.from({ length: chunk }, () => relativeTo).flat() : undefined;
}

/** Each row's next `chunk` actions, [rows, chunk * actDim]; past its episode's end the last one repeats. */
export function chunkActions(data: TrainingData, chunk: number): Float32Array {
  const { actDim } = data;
  const out = new Float32Array(frameCount(data) * actDim * chunk);
  for (const { start, end } of episodeRanges(data))
    for (let r = start; r < end; r++)
      for (let j = 0; j < chunk; j++) {
        const src = Math.min(end - 1, r + j);
        out.set(data.actions.subarray(src * actDim, (src + 1) * actDim), (r * chunk + j) * actDim);
      }
  return out;
}

/**
 * The actions as the network learns them: each row's chunk, then relative to that row's
 * observation (every action of a chunk as an offset from the pose it was predicted at).
 */
export function learnedActions(
  data: TrainingData,
  relativeTo: readonly number[] | undefined,
  chunk: number,
): Float32Array {
  const chunked = chunk > 1 ? chunkActions(data, chunk) : data.actions;
  const tiled = tileRelativeTo(relativeTo, chunk);
  return tiled ? toRelative(chunked, data.obs, tiled, data.actDim * chunk, data.obsDim) : chunked;
}
