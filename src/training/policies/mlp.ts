import * as tf from '@tensorflow/tfjs';
import { denseStack, gatherRows, init, mseLoss, squaredErrorPerRow } from './inputs';
import { chunkOf } from '../chunks';
import type { MlpConfig, PolicyNet, PolicyShapes, Resolved } from './types';

/**
 * robomimic's BC uses two 1024-unit layers. On 2 CPU cores with wasm that is ~16x the work of
 * [256, 256] per sample, and low-dim tasks of the size curated in the studio fit either; the smaller
 * default keeps a training run within minutes on a laptop.
 */
export const MLP_DEFAULTS: Resolved<MlpConfig> = {
  kind: 'bc-mlp',
  hidden: [256, 256],
  learningRate: 1e-3,
  chunk: 1,
};

/**
 * BC-MLP: low-dim observation -> MLP -> action (or the next `chunk` actions), trained with mean
 * squared error. A checkpoint from before chunking has no `chunk`: one action.
 */
export function createMlp(config: Resolved<MlpConfig>, shapes: PolicyShapes, seed: number): PolicyNet {
  const obs = tf.input({ shape: [shapes.obsDim], name: 'obs' });
  const h = denseStack(obs, config.hidden, seed, 'mlp');
  const action = tf.layers
    .dense({
      units: shapes.actDim * chunkOf(config),
      kernelInitializer: init(seed + 100),
      name: 'action',
    })
    .apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: obs, outputs: action, name: 'bc_mlp' });
  return {
    config,
    shapes,
    model,
    inputs: (rows, data) => [gatherRows(data.obs, data.obsDim, rows)],
    targets: (rows, data) => gatherRows(data.actions, data.actDim, rows),
    loss: mseLoss,
    stepLoss: squaredErrorPerRow,
    decode: (output) => output.dataSync() as Float32Array,
  };
}
