import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { denseStack, gatherRows, init } from './inputs';
import type { ActMode, GmmConfig, PolicyNet, PolicyShapes, Resolved } from './types';

/**
 * robomimic's BC-GMM: 5 modes, softplus scales with a 1e-4 floor, on a [1024, 1024] trunk; the
 * trunk is [256, 256] here for the same reason as BC-MLP's default.
 */
export const GMM_DEFAULTS: Resolved<GmmConfig> = {
  kind: 'bc-gmm',
  hidden: [256, 256],
  modes: 5,
  minStd: 1e-4,
  learningRate: 1e-3,
};

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Splits the head output [batch, modes*act*2 + modes] into means, stds and log mixture weights. */
function parts(output: tf.Tensor, modes: number, actDim: number, minStd: number) {
  const batch = output.shape[0] as number;
  const span = modes * actDim;
  const means = output.slice([0, 0], [batch, span]).reshape([batch, modes, actDim]);
  const rawStd = output.slice([0, span], [batch, span]).reshape([batch, modes, actDim]);
  const stds = tf.softplus(rawStd).add(minStd);
  const logWeights = tf.logSoftmax(output.slice([0, 2 * span], [batch, modes]));
  return { means, stds, logWeights };
}

/** Negative log-likelihood of each row's target action under the mixture [batch]. */
export function gmmNllPerRow(
  output: tf.Tensor,
  target: tf.Tensor,
  modes: number,
  actDim: number,
  minStd: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const { means, stds, logWeights } = parts(output, modes, actDim, minStd);
    const z = target.expandDims(1).sub(means).div(stds);
    // Diagonal Gaussian log-density of each component, summed over action dimensions.
    const logProb = z.square().mul(-0.5).sub(stds.log()).sub(LOG_SQRT_2PI).sum(2);
    return tf.logSumExp(logProb.add(logWeights), 1).neg() as tf.Tensor1D;
  });
}

/** Negative log-likelihood of the target actions under the mixture, averaged over the batch. */
export function gmmNll(
  output: tf.Tensor,
  target: tf.Tensor,
  modes: number,
  actDim: number,
  minStd: number,
): tf.Scalar {
  return tf.tidy(() => gmmNllPerRow(output, target, modes, actDim, minStd).mean() as tf.Scalar);
}

/**
 * Actions from the mixture: `mode` takes the mean of the most probable component (a clean,
 * deterministic choice of one mode, never the average of modes); `sample` draws a component by its
 * weight and then from its Gaussian.
 */
export function gmmDecode(
  output: tf.Tensor,
  mode: ActMode,
  rng: Rng,
  modes: number,
  actDim: number,
  minStd: number,
): Float32Array {
  const [means, stds, logWeights] = tf.tidy(() => {
    const p = parts(output, modes, actDim, minStd);
    return [p.means, p.stds, p.logWeights];
  });
  const mu = means.dataSync();
  const sd = stds.dataSync();
  const lw = logWeights.dataSync();
  tf.dispose([means, stds, logWeights]);
  const batch = output.shape[0] as number;
  const out = new Float32Array(batch * actDim);
  for (let b = 0; b < batch; b++) {
    let k = 0;
    if (mode === 'mode') {
      for (let j = 1; j < modes; j++)
        if ((lw[b * modes + j] as number) > (lw[b * modes + k] as number)) k = j;
    } else {
      let u = rng.next();
      for (k = 0; k < modes - 1; k++) {
        u -= Math.exp(lw[b * modes + k] as number);
        if (u < 0) break;
      }
    }
    for (let d = 0; d < actDim; d++) {
      const i = (b * modes + k) * actDim + d;
      const noise = mode === 'sample' ? (sd[i] as number) * rng.normal() : 0;
      out[b * actDim + d] = (mu[i] as number) + noise;
    }
  }
  return out;
}

/** BC-GMM: low-dim observation -> MLP -> Gaussian mixture over actions, trained by likelihood. */
export function createGmm(config: Resolved<GmmConfig>, shapes: PolicyShapes, seed: number): PolicyNet {
  const { modes, minStd } = config;
  const { actDim } = shapes;
  const obs = tf.input({ shape: [shapes.obsDim], name: 'obs' });
  const h = denseStack(obs, config.hidden, seed, 'mlp');
  const head = tf.layers
    .dense({ units: modes * actDim * 2 + modes, kernelInitializer: init(seed + 100), name: 'gmm_head' })
    .apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: obs, outputs: head, name: 'bc_gmm' });
  return {
    config,
    shapes,
    model,
    inputs: (rows, data) => [gatherRows(data.obs, data.obsDim, rows)],
    targets: (rows, data) => gatherRows(data.actions, data.actDim, rows),
    loss: (output, target) => gmmNll(output, target, modes, actDim, minStd),
    stepLoss: (output, target) => gmmNllPerRow(output, target, modes, actDim, minStd),
    decode: (output, mode, rng) => gmmDecode(output, mode, rng, modes, actDim, minStd),
  };
}
