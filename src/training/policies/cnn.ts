import * as tf from '@tensorflow/tfjs';
import { denseStack, gatherImages, gatherRows, init, mseLoss, squaredErrorPerRow } from './inputs';
import type { CnnConfig, PolicyNet, PolicyShapes, Resolved } from './types';

/**
 * robomimic encodes 84x84 images with a ResNet-18 trunk and spatial softmax (~2 GFLOP per image
 * forward), which would train at a few samples per second on 2 cores. The default here is the
 * three-layer DQN encoder (8x8/4, 4x4/2, 3x3/1; ~30x less work) with a 64-wide image embedding,
 * robomimic's embedding size.
 */
export const CNN_DEFAULTS: Resolved<CnnConfig> = {
  kind: 'bc-cnn',
  conv: [
    { filters: 32, kernel: 8, stride: 4 },
    { filters: 64, kernel: 4, stride: 2 },
    { filters: 64, kernel: 3, stride: 1 },
  ],
  imageFeatures: 64,
  hidden: [256, 256],
  learningRate: 1e-3,
};

/** BC-CNN: image -> conv encoder -> embedding, concatenated with the low-dim observation -> MLP -> action. */
export function createCnn(config: Resolved<CnnConfig>, shapes: PolicyShapes, seed: number): PolicyNet {
  const image = shapes.image;
  if (image === undefined) throw new Error('bc-cnn needs a dataset with images');
  const imageIn = tf.input({ shape: [image.height, image.width, image.channels], name: 'image' });
  let x: tf.SymbolicTensor = imageIn;
  config.conv.forEach((layer, i) => {
    x = tf.layers
      .conv2d({
        filters: layer.filters,
        kernelSize: layer.kernel,
        strides: layer.stride,
        activation: 'relu',
        kernelInitializer: init(seed + 200 + i),
        name: `conv_${i}`,
      })
      .apply(x) as tf.SymbolicTensor;
  });
  const flat = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const embedding = tf.layers
    .dense({
      units: config.imageFeatures,
      activation: 'relu',
      kernelInitializer: init(seed + 300),
      name: 'image_features',
    })
    .apply(flat) as tf.SymbolicTensor;
  const inputs = [imageIn];
  let joined = embedding;
  if (shapes.obsDim > 0) {
    const obsIn = tf.input({ shape: [shapes.obsDim], name: 'obs' });
    inputs.push(obsIn);
    joined = tf.layers.concatenate().apply([embedding, obsIn]) as tf.SymbolicTensor;
  }
  const h = denseStack(joined, config.hidden, seed, 'mlp');
  const action = tf.layers
    .dense({ units: shapes.actDim, kernelInitializer: init(seed + 100), name: 'action' })
    .apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs, outputs: action, name: 'bc_cnn' });
  return {
    config,
    shapes,
    model,
    inputs: (rows, data) =>
      shapes.obsDim > 0
        ? [gatherImages(data, rows), gatherRows(data.obs, data.obsDim, rows)]
        : [gatherImages(data, rows)],
    targets: (rows, data) => gatherRows(data.actions, data.actDim, rows),
    loss: mseLoss,
    stepLoss: squaredErrorPerRow,
    decode: (output) => output.dataSync() as Float32Array,
  };
}
