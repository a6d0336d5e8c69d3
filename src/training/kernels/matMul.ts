import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { release, runKernel, transposeLastTwo, type BackendHandle } from './run';

/**
 * Wraps a stock matmul kernel (BatchMatMul or _FusedMatMul) so that a transposed operand is first
 * transposed in memory and the stock kernel always runs untransposed. The wasm kernels run at
 * 1-4 GFLOP/s with a transposed operand against ~40 plain, and every dense layer's backward pass
 * multiplies by a transpose; the extra O(n^2) copy is cheap next to the O(n^3) product.
 */
export function transposeFirstMatMul(stock: tf.KernelFunc, transpose: tf.KernelFunc): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const transposeA = attrs?.['transposeA'] === true;
    const transposeB = attrs?.['transposeB'] === true;
    const { a, b } = inputs;
    if ((!transposeA && !transposeB) || a === undefined || b === undefined) {
      return stock({ inputs, backend, attrs });
    }
    const handle = backend as BackendHandle;
    const made: TensorInfo[] = [];
    const plainA = transposeA ? transposeLastTwo(transpose, handle, a) : a;
    if (transposeA) made.push(plainA);
    const plainB = transposeB ? transposeLastTwo(transpose, handle, b) : b;
    if (transposeB) made.push(plainB);
    try {
      return runKernel(
        stock,
        handle,
        { ...inputs, a: plainA, b: plainB },
        { ...attrs, transposeA: false, transposeB: false },
      );
    } finally {
      release(handle, ...made);
    }
  };
}

export interface FusedFallbackKernels {
  batchMatMul: tf.KernelFunc;
  add: tf.KernelFunc;
  /** Kernels by _FusedMatMul activation name: relu, relu6, elu, sigmoid, leakyrelu, prelu. */
  activation: (name: string) => tf.KernelFunc;
}

/**
 * The stock wasm _FusedMatMul adds the bias to the first matrix of a batch only. For batched operands
 * with a bias, compute matmul, bias and activation as separate kernels; otherwise use the fused one.
 */
export function batchSafeFusedMatMul(fused: tf.KernelFunc, kernels: FusedFallbackKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b, bias, preluActivationWeights } = inputs;
    const batched = (t: TensorInfo | undefined) => t !== undefined && t.shape.slice(0, -2).some((d) => d > 1);
    if (bias === undefined || (!batched(a) && !batched(b))) return fused({ inputs, backend, attrs });
    const handle = backend as BackendHandle;
    const product = runKernel(
      kernels.batchMatMul,
      handle,
      { a, b },
      {
        transposeA: attrs?.['transposeA'] === true,
        transposeB: attrs?.['transposeB'] === true,
      },
    );
    const activation = String(attrs?.['activation'] ?? 'linear');
    const biased = runKernel(kernels.add, handle, { a: product, b: bias });
    release(handle, product);
    if (activation === 'linear') return biased;
    try {
      const act = kernels.activation(activation);
      if (activation === 'prelu') return runKernel(act, handle, { x: biased, alpha: preluActivationWeights });
      if (activation === 'leakyrelu')
        return runKernel(act, handle, { x: biased }, { alpha: attrs?.['leakyreluAlpha'] ?? 0.2 });
      return runKernel(act, handle, { x: biased });
    } finally {
      release(handle, biased);
    }
  };
}
