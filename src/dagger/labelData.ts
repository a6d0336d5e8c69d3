/**
 * Labelled frames as training data: each label set is an episode's observations (read as they are
 * stored), the labels given for it and a per-frame mask saying which frames were labelled.
 */
import type { TrainingData } from '../training';

export interface LabelSet {
  /** The episode's observations, row-major: frames x obsDim (never copied into the label store). */
  obs: Float32Array;
  /** One label row per frame (rows outside the mask are ignored). */
  labels: Float32Array;
  /** 1 where the frame is labelled. */
  mask: Uint8Array;
}

export const labelCount = (sets: readonly LabelSet[]): number =>
  sets.reduce((n, s) => n + s.mask.reduce((a, m) => a + (m ? 1 : 0), 0), 0);

/** The labelled rows of every set, each set one trajectory; sets without a labelled frame are skipped. */
export function labelledData(sets: readonly LabelSet[], obsDim: number, actDim: number): TrainingData {
  const total = labelCount(sets);
  if (total === 0) throw new Error('no labelled frames to train on');
  const obs = new Float32Array(total * obsDim);
  const actions = new Float32Array(total * actDim);
  const starts: number[] = [];
  let row = 0;
  for (const [k, s] of sets.entries()) {
    const frames = s.mask.length;
    if (s.obs.length < frames * obsDim || s.labels.length < frames * actDim)
      throw new Error(`label set ${k}: ${frames} mask frames but fewer observation or label rows`);
    const first = row;
    for (let f = 0; f < frames; f++) {
      if (!s.mask[f]) continue;
      obs.set(s.obs.subarray(f * obsDim, (f + 1) * obsDim), row * obsDim);
      actions.set(s.labels.subarray(f * actDim, (f + 1) * actDim), row * actDim);
      row++;
    }
    if (row > first) starts.push(first);
  }
  return { obs, actions, obsDim, actDim, episodeStarts: starts };
}
