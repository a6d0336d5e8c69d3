import * as tf from '@tensorflow/tfjs';
import { gatherWindows, init, mseLoss, squaredErrorPerRow } from './inputs';
import type { PolicyNet, PolicyShapes, Resolved, RnnConfig } from './types';

/**
 * robomimic's BC-RNN: a 2-layer LSTM with 400 units over 10-step sequences. An LSTM step is
 * sequential and small-matrix bound on wasm, so the default is one 128-unit layer over the same
 * 10-step window (~20x less work), which still carries the history that makes BC-RNN useful.
 */
export const RNN_DEFAULTS: Resolved<RnnConfig> = {
  kind: 'bc-rnn',
  cell: 'lstm',
  units: 128,
  layers: 1,
  window: 10,
  learningRate: 1e-3,
};

/**
 * BC-RNN: a window of observations -> recurrent layers -> an action at every step. Training scores
 * every step of the window (as robomimic does); acting reads the last step's action.
 */
export function createRnn(config: Resolved<RnnConfig>, shapes: PolicyShapes, seed: number): PolicyNet {
  const obs = tf.input({ shape: [config.window, shapes.obsDim], name: 'obs_window' });
  let h: tf.SymbolicTensor = obs;
  for (let i = 0; i < config.layers; i++) {
    const options = {
      units: config.units,
      returnSequences: true,
      kernelInitializer: init(seed + 400 + i),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 500 + i }),
      name: `${config.cell}_${i}`,
    };
    const layer = config.cell === 'gru' ? tf.layers.gru(options) : tf.layers.lstm(options);
    h = layer.apply(h) as tf.SymbolicTensor;
  }
  const action = tf.layers
    .dense({ units: shapes.actDim, kernelInitializer: init(seed + 100), name: 'action' })
    .apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: obs, outputs: action, name: 'bc_rnn' });
  return {
    config,
    shapes,
    model,
    inputs: (rows, data) => [gatherWindows(data.obs, data.obsDim, rows, config.window, data.episodeStart)],
    targets: (rows, data) => gatherWindows(data.actions, data.actDim, rows, config.window, data.episodeStart),
    loss: mseLoss,
    stepLoss: squaredErrorPerRow,
    decode: (output) => {
      const [batch, steps, dim] = output.shape as [number, number, number];
      const last = tf.tidy(() => output.slice([0, steps - 1, 0], [batch, 1, dim]));
      const values = last.dataSync() as Float32Array;
      last.dispose();
      return values;
    },
  };
}
