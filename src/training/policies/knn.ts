import * as tf from '@tensorflow/tfjs';
import { gatherRows, mseLoss, squaredErrorPerRow } from './inputs';
import type { KnnConfig, PolicyNet, PolicyShapes, PreparedData, Resolved } from './types';

/**
 * A temperature this small answers with the nearest row's action: a row whose squared distance
 * (in normalized units) is 5e-5 further weighs e^-5 of the nearest one. On PushT (100 `better`
 * demonstrations, in the T's frame) 1e-5 and 1e-6 succeed alike; 1e-4 already averages neighbours
 * and loses a third of the successes, 1e-2 all of them (bench/quality/regimes).
 */
export const KNN_DEFAULTS: Resolved<KnnConfig> = { kind: 'knn', temperature: 1e-5 };

/**
 * Nearest neighbours (as VINN, Pari et al. 2021, on the observation itself): the policy keeps its
 * training rows and answers with their actions weighted by exp(-d²/temperature), d² the squared
 * distance between normalized observations. A regression averages demonstrations that disagree
 * (push the T from the left, or from the right) into an action no one took; this answers with
 * what the nearest demonstration did. Training takes no gradient steps: it stores the rows.
 *
 * Two dense layers compute it, so it saves, loads and exports like any network:
 * softmax((2x·kᵢ − |kᵢ|²) / T) is exp(−|x − kᵢ|² / T) normalized (|x|² is the same for every row),
 * and the second layer's kernel holds the rows' actions.
 */
export function createKnn(config: Resolved<KnnConfig>, shapes: PolicyShapes): PolicyNet {
  const rows = shapes.memory;
  if (rows === undefined || rows < 1)
    throw new Error('knn: no training rows to keep (is every episode held out for validation?)');
  const obs = tf.input({ shape: [shapes.obsDim], name: 'obs' });
  const weights = tf.layers
    .dense({
      units: rows,
      activation: 'softmax',
      kernelInitializer: 'zeros',
      trainable: false,
      name: 'knn_keys',
    })
    .apply(obs) as tf.SymbolicTensor;
  const action = tf.layers
    .dense({
      units: shapes.actDim,
      useBias: false,
      kernelInitializer: 'zeros',
      trainable: false,
      name: 'knn_actions',
    })
    .apply(weights) as tf.SymbolicTensor;
  const model = tf.model({ inputs: obs, outputs: action, name: 'knn' });
  return {
    config,
    shapes,
    model,
    inputs: (r, data) => [gatherRows(data.obs, data.obsDim, r)],
    targets: (r, data) => gatherRows(data.actions, data.actDim, r),
    loss: mseLoss,
    stepLoss: squaredErrorPerRow,
    decode: (output) => output.dataSync() as Float32Array,
    remember: (kept, data) => {
      // setWeights copies the values into the layers' variables: the tensors passed are ours to free.
      const weights = memoryWeights(kept, data, config.temperature, rows);
      model.setWeights(weights);
      tf.dispose(weights);
    },
  };
}

/** The two layers' weights for the rows `kept` of normalized data. */
function memoryWeights(kept: readonly number[], data: PreparedData, temperature: number, rows: number) {
  if (kept.length !== rows) throw new Error(`knn: built for ${rows} rows, given ${kept.length}`);
  const { obsDim, actDim } = data;
  const keys = new Float32Array(obsDim * rows);
  const bias = new Float32Array(rows);
  const values = new Float32Array(rows * actDim);
  kept.forEach((row, n) => {
    let square = 0;
    for (let d = 0; d < obsDim; d++) {
      const v = data.obs[row * obsDim + d]!;
      keys[d * rows + n] = (2 * v) / temperature;
      square += v * v;
    }
    bias[n] = -square / temperature;
    values.set(data.actions.subarray(row * actDim, (row + 1) * actDim), n * actDim);
  });
  return [tf.tensor2d(keys, [obsDim, rows]), tf.tensor1d(bias), tf.tensor2d(values, [rows, actDim])];
}
