import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { release, runKernel, type BackendHandle } from './run';

export interface ConvKernels {
  conv2D: tf.KernelFunc;
  transpose: tf.KernelFunc;
  slice: tf.KernelFunc;
}

type Shape4 = [number, number, number, number];

/**
 * The filter gradient of a channels-last 2D convolution (dilation 1), which the wasm backend lacks,
 * computed as one forward convolution so that it runs on the backend's fast convolution:
 *
 *   dW[kh,kw,ci,co] = sum_{b,oh,ow} x[b, oh*s + kh - pad, ow*s + kw - pad, ci] * dy[b,oh,ow,co]
 *
 * is a convolution of x (channels ci as the batch, batch b as the channels) with dy (spatial
 * oh,ow as the filter taps, b as in-channels, co as out-channels) at dilation s and stride 1.
 */
export function conv2DBackpropFilter(kernels: ConvKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs x and dy');
    const a = attrs ?? {};
    const dataFormat = (a['dataFormat'] ?? 'NHWC') as 'NHWC' | 'NCHW';
    if (dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
    const filterShape = a['filterShape'] as Shape4;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4,
      filterShape,
      a['strides'] as number | [number, number],
      1,
      a['pad'] as 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
      a['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    );
    const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
    const { filterHeight, filterWidth, inChannels, outChannels } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    // Pad the far side just enough that output rows 0..filterHeight-1 all exist; extra rows are sliced.
    const bottom = Math.max(0, filterHeight - 1 + (outHeight - 1) * strideHeight - top - (inHeight - 1));
    const right = Math.max(0, filterWidth - 1 + (outWidth - 1) * strideWidth - left - (inWidth - 1));

    const handle = backend as BackendHandle;
    const made: TensorInfo[] = [];
    const keep = (t: TensorInfo): TensorInfo => (made.push(t), t);
    try {
      const xT = keep(runKernel(kernels.transpose, handle, { x }, { perm: [3, 1, 2, 0] }));
      const dyT = keep(runKernel(kernels.transpose, handle, { x: dy }, { perm: [1, 2, 0, 3] }));
      let grad = keep(
        runKernel(
          kernels.conv2D,
          handle,
          { x: xT, filter: dyT },
          {
            strides: [1, 1],
            pad: [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ],
            dataFormat: 'NHWC',
            dilations: [strideHeight, strideWidth],
            dimRoundingMode: 'floor',
          },
        ),
      );
      if (grad.shape[1] !== filterHeight || grad.shape[2] !== filterWidth) {
        grad = keep(
          runKernel(
            kernels.slice,
            handle,
            { x: grad },
            { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] },
          ),
        );
      }
      return runKernel(kernels.transpose, handle, { x: grad }, { perm: [1, 2, 0, 3] });
    } finally {
      release(handle, ...made);
    }
  };
}
