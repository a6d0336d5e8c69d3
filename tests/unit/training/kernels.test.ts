import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../../../src/training/backend';
import { Rng } from '../../../src/training/rng';

type Pad = 'same' | 'valid';
interface ConvCase {
  batch: number;
  size: [number, number];
  inC: number;
  outC: number;
  kernel: [number, number];
  stride: number | [number, number];
  pad: Pad;
}

function randomArray(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** Largest absolute difference, relative to the largest reference magnitude. */
function relError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let maxRef = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((actual[i] ?? NaN) - (expected[i] ?? 0)));
    maxRef = Math.max(maxRef, Math.abs(expected[i] ?? 0));
  }
  return maxDiff / maxRef;
}

async function onBackend<T>(name: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  await tf.setBackend(name);
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

/** Gradients of sum(conv2d(x, f) * dy) with respect to x and f: the two backprop kernels. */
function convGrads(c: ConvCase, x: Float32Array, f: Float32Array, dy: Float32Array, outShape: number[]) {
  const xs = tf.tensor4d(x, [c.batch, c.size[0], c.size[1], c.inC]);
  const fs = tf.tensor4d(f, [c.kernel[0], c.kernel[1], c.inC, c.outC]);
  const dys = tf.tensor(dy, outShape);
  const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf
      .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
      .mul(dys)
      .sum(),
  )([xs, fs]);
  return { dx: dx!.dataSync() as Float32Array, df: df!.dataSync() as Float32Array };
}

const convCases: ConvCase[] = [];
for (const pad of ['same', 'valid'] as const) {
  for (const stride of [1, 2, 3, 4] as const) {
    convCases.push({ batch: 2, size: [9, 9], inC: 3, outC: 4, kernel: [3, 3], stride, pad });
    convCases.push({ batch: 1, size: [12, 10], inC: 5, outC: 2, kernel: [4, 2], stride, pad });
  }
  convCases.push({ batch: 3, size: [21, 21], inC: 3, outC: 8, kernel: [8, 8], stride: 4, pad });
  convCases.push({ batch: 4, size: [9, 9], inC: 8, outC: 16, kernel: [4, 4], stride: 2, pad });
  convCases.push({ batch: 2, size: [7, 7], inC: 16, outC: 8, kernel: [3, 3], stride: 1, pad });
  convCases.push({ batch: 5, size: [6, 11], inC: 1, outC: 1, kernel: [1, 1], stride: [1, 2], pad });
  convCases.push({ batch: 1, size: [5, 5], inC: 2, outC: 3, kernel: [5, 5], stride: [2, 1], pad });
}

describe('project wasm kernels match the cpu backend', () => {
  beforeAll(async () => {
    await initTrainingBackend({ backend: 'wasm' });
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each(convCases.map((c) => [JSON.stringify(c), c] as const))('conv2d gradients %s', async (_, c) => {
    const rng = new Rng(7);
    const x = randomArray(rng, c.batch * c.size[0] * c.size[1] * c.inC);
    const f = randomArray(rng, c.kernel[0] * c.kernel[1] * c.inC * c.outC);
    const outShape = await onBackend(
      'cpu',
      () =>
        tf.conv2d(
          tf.zeros([c.batch, c.size[0], c.size[1], c.inC]) as tf.Tensor4D,
          tf.tensor4d(f, [c.kernel[0], c.kernel[1], c.inC, c.outC]),
          c.stride,
          c.pad,
        ).shape,
    );
    const dy = randomArray(
      rng,
      outShape.reduce((p, d) => p * d, 1),
    );
    const want = await onBackend('cpu', () => convGrads(c, x, f, dy, outShape));
    const got = await onBackend('wasm', () => convGrads(c, x, f, dy, outShape));
    expect(relError(got.df, want.df)).toBeLessThan(1e-5);
    expect(relError(got.dx, want.dx)).toBeLessThan(1e-5);
  });

  const matCases: Array<[number[], number[], boolean, boolean]> = [];
  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    matCases.push([[5, 7], [7, 3], ta, tb]);
    matCases.push([[1, 64], [64, 33], ta, tb]);
    matCases.push([[3, 4, 6], [3, 6, 5], ta, tb]);
    matCases.push([[2, 3, 4, 6], [1, 1, 6, 2], ta, tb]);
  }
  const swap = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s.at(-1)!, s.at(-2)!] : s);

  it.each(matCases)(
    'matMul and fused matMul %j x %j (transposeA %s, transposeB %s)',
    async (sa, sb, ta, tb) => {
      const rng = new Rng(11);
      const shapeA = swap(sa, ta);
      const shapeB = swap(sb, tb);
      const a = randomArray(
        rng,
        shapeA.reduce((p, d) => p * d, 1),
      );
      const b = randomArray(
        rng,
        shapeB.reduce((p, d) => p * d, 1),
      );
      const n = sb.at(-1)!;
      const bias = randomArray(rng, n);
      const run = () => {
        const at = tf.tensor(a, shapeA);
        const bt = tf.tensor(b, shapeB);
        const plain = tf.matMul(at, bt, ta, tb).dataSync() as Float32Array;
        const fused = tf.fused
          .matMul({
            a: at as tf.Tensor3D,
            b: bt as tf.Tensor3D,
            transposeA: ta,
            transposeB: tb,
            bias: tf.tensor1d(bias),
            activation: 'relu',
          })
          .dataSync() as Float32Array;
        return { plain, fused };
      };
      const want = await onBackend('cpu', run);
      const got = await onBackend('wasm', run);
      expect(relError(got.plain, want.plain)).toBeLessThan(1e-5);
      expect(relError(got.fused, want.fused)).toBeLessThan(1e-5);
    },
  );

  it('dense-layer gradients (transposed matmuls) match', async () => {
    const rng = new Rng(3);
    const x = randomArray(rng, 16 * 10);
    const w = randomArray(rng, 10 * 6);
    const grads = () => {
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.fused
          .matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, activation: 'relu' })
          .square()
          .sum(),
      )([tf.tensor2d(x, [16, 10]), tf.tensor2d(w, [10, 6])]);
      return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array];
    };
    const want = await onBackend('cpu', grads);
    const got = await onBackend('wasm', grads);
    expect(relError(got[0]!, want[0]!)).toBeLessThan(1e-5);
    expect(relError(got[1]!, want[1]!)).toBeLessThan(1e-5);
  });
});
