import * as tf from '@tensorflow/tfjs';
import type { PreparedData } from './types';

/** Gathers rows of a row-major [n, dim] array into a [rows, dim] tensor. */
export function gatherRows(source: Float32Array, dim: number, rows: ArrayLike<number>): tf.Tensor2D {
  const out = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    out.set(source.subarray(r * dim, (r + 1) * dim), i * dim);
  }
  return tf.tensor2d(out, [rows.length, dim]);
}

/** Images of the given rows as float [rows, h, w, c] scaled to [0, 1]. */
export function gatherImages(data: PreparedData, rows: ArrayLike<number>): tf.Tensor4D {
  const img = data.images;
  if (img === undefined) throw new Error('this policy needs images but the dataset has none');
  const size = img.height * img.width * img.channels;
  const out = new Float32Array(rows.length * size);
  for (let i = 0; i < rows.length; i++) {
    const base = (rows[i] as number) * size;
    for (let j = 0; j < size; j++) out[i * size + j] = (img.data[base + j] as number) / 255;
  }
  return tf.tensor4d(out, [rows.length, img.height, img.width, img.channels]);
}

/**
 * The `window` rows ending at each given row, clipped at the start of its episode by repeating the
 * first frame (robomimic pads history the same way), as [rows, window, dim].
 */
export function gatherWindows(
  source: Float32Array,
  dim: number,
  rows: ArrayLike<number>,
  window: number,
  episodeStart: Int32Array,
): tf.Tensor3D {
  const out = new Float32Array(rows.length * window * dim);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const first = episodeStart[r] as number;
    for (let t = 0; t < window; t++) {
      const src = Math.max(first, r - window + 1 + t);
      out.set(source.subarray(src * dim, (src + 1) * dim), (i * window + t) * dim);
    }
  }
  return tf.tensor3d(out, [rows.length, window, dim]);
}

/** Mean squared error of each row [batch]; for sequences [batch, steps, dim], of the last step. */
export function squaredErrorPerRow(output: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const last = (t: tf.Tensor) => {
      if (t.rank !== 3) return t;
      const [b, steps, d] = t.shape as [number, number, number];
      return t.slice([0, steps - 1, 0], [b, 1, d]).reshape([b, d]);
    };
    return last(output).sub(last(target)).square().mean(1) as tf.Tensor1D;
  });
}

export function mseLoss(output: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.losses.meanSquaredError(target, output) as tf.Scalar;
}

/** Seeded glorot-uniform initialiser, so that equal seeds give equal networks. */
export function init(seed: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed });
}

/** Dense ReLU layers applied to `x`, seeded from `seed`. */
export function denseStack(
  x: tf.SymbolicTensor,
  hidden: number[],
  seed: number,
  name: string,
): tf.SymbolicTensor {
  let h = x;
  hidden.forEach((units, i) => {
    h = tf.layers
      .dense({ units, activation: 'relu', kernelInitializer: init(seed + i), name: `${name}_${i}` })
      .apply(h) as tf.SymbolicTensor;
  });
  return h;
}
