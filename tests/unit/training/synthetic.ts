import type { TrainingCheckpoint, TrainingData } from '../../../src/training';
import { Rng } from '../../../src/training/rng';

/** Episodes of uniform random observations with actions from `act(obs, rng, history)`. */
export function syntheticData(options: {
  episodes: number;
  length: number;
  obsDim: number;
  actDim: number;
  seed: number;
  act: (obs: Float32Array, rng: Rng, previous: Float32Array | null) => number[];
}): TrainingData {
  const { episodes, length, obsDim, actDim } = options;
  const rng = new Rng(options.seed);
  const n = episodes * length;
  const obs = new Float32Array(n * obsDim);
  const actions = new Float32Array(n * actDim);
  const episodeStarts: number[] = [];
  for (let e = 0; e < episodes; e++) {
    episodeStarts.push(e * length);
    let previous: Float32Array | null = null;
    for (let t = 0; t < length; t++) {
      const row = e * length + t;
      const o = obs.subarray(row * obsDim, (row + 1) * obsDim);
      for (let d = 0; d < obsDim; d++) o[d] = rng.next() * 2 - 1;
      actions.set(options.act(o, rng, previous), row * actDim);
      previous = o;
    }
  }
  return { obs, actions, obsDim, actDim, episodeStarts };
}

/** A store that keeps checkpoints in memory, counting saves. */
export function memoryStore() {
  let latest: TrainingCheckpoint | null = null;
  const store = {
    saves: 0,
    async save(checkpoint: TrainingCheckpoint) {
      latest = checkpoint;
      store.saves++;
    },
    async load() {
      return latest;
    },
  };
  return store;
}
