import * as tf from '@tensorflow/tfjs';
import { col2ImBackpropInput, type Col2ImKernels } from './col2im';
import type { HeapBackend } from './run';

type Shape4 = [number, number, number, number];

/**
 * The input gradient of a channels-last 2D convolution by GEMM + col2im. The stock wasm kernel is
 * a direct loop at ~4 GFLOP/s. (A forward convolution of the zero-dilated dy with the rotated filter
 * was also tried: as fast at stride 1 but stride^2 times the work beyond.)
 */
export function conv2DBackpropInput(stock: tf.KernelFunc, kernels: Col2ImKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs;
    const a = attrs ?? {};
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs dy and filter');
    if ((a['dataFormat'] ?? 'NHWC') !== 'NHWC') return stock({ inputs, backend, attrs });
    const info = tf.backend_util.computeConv2DInfo(
      a['inputShape'] as Shape4,
      filter.shape as Shape4,
      a['strides'] as number | [number, number],
      1,
      a['pad'] as 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
      a['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    );
    return col2ImBackpropInput(kernels, backend as HeapBackend, dy, filter, {
      ...info,
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
    });
  };
}
