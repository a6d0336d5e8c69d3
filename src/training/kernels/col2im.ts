import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { release, runKernel, type HeapBackend } from './run';

export interface Col2ImKernels {
  batchMatMul: tf.KernelFunc;
  transpose: tf.KernelFunc;
  reshape: tf.KernelFunc;
}

export interface Col2ImGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * The input gradient of a channels-last convolution as one GEMM and a scatter-add ("col2im"):
 * columns[b,oh,ow,(kh,kw,ci)] = sum_co dy[b,oh,ow,co] * W[kh,kw,ci,co], then each column entry is
 * added to dx at (oh*s + kh - pad, ow*s + kw - pad). The GEMM does exactly the convolution's work
 * (no zeros inserted for strides), and the scatter is a contiguous add over channels.
 */
export function col2ImBackpropInput(
  kernels: Col2ImKernels,
  backend: HeapBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  g: Col2ImGeometry,
): TensorInfo {
  const rows = g.batchSize * g.outHeight * g.outWidth;
  const patch = g.filterHeight * g.filterWidth * g.inChannels;
  const made: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => (made.push(t), t);
  try {
    // W as [co, kh*kw*ci], transposed in memory: the plain GEMM is the fast one on wasm.
    const w2 = keep(runKernel(kernels.reshape, backend, { x: filter }, { shape: [patch, g.outChannels] }));
    const wT = keep(runKernel(kernels.transpose, backend, { x: w2 }, { perm: [1, 0] }));
    const dy3 = keep(runKernel(kernels.reshape, backend, { x: dy }, { shape: [1, rows, g.outChannels] }));
    const w3 = keep(runKernel(kernels.reshape, backend, { x: wT }, { shape: [1, g.outChannels, patch] }));
    const columns = keep(
      runKernel(kernels.batchMatMul, backend, { a: dy3, b: w3 }, { transposeA: false, transposeB: false }),
    );
    const out = backend.makeOutput([g.batchSize, g.inHeight, g.inWidth, g.inChannels], 'float32');
    // Views after the last allocation: growing the wasm heap detaches earlier views.
    const cols = backend.typedArrayFromHeap(columns);
    const dx = backend.typedArrayFromHeap(out);
    dx.fill(0);
    const ci = g.inChannels;
    let src = 0;
    for (let b = 0; b < g.batchSize; b++) {
      const batchBase = b * g.inHeight * g.inWidth * ci;
      for (let oh = 0; oh < g.outHeight; oh++) {
        for (let ow = 0; ow < g.outWidth; ow++) {
          for (let kh = 0; kh < g.filterHeight; kh++) {
            const h = oh * g.strideHeight + kh - g.padTop;
            for (let kw = 0; kw < g.filterWidth; kw++, src += ci) {
              const w = ow * g.strideWidth + kw - g.padLeft;
              if (h < 0 || h >= g.inHeight || w < 0 || w >= g.inWidth) continue;
              const dst = batchBase + (h * g.inWidth + w) * ci;
              for (let c = 0; c < ci; c++) dx[dst + c] = (dx[dst + c] as number) + (cols[src + c] as number);
            }
          }
        }
      }
    }
    return out;
  } finally {
    release(backend, ...made);
  }
}
