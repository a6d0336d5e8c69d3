import * as tf from '@tensorflow/tfjs';
import type { DataId, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/** What project kernels need from the backend they run on: releasing their intermediates. */
export interface BackendHandle {
  disposeData(dataId: DataId, force?: boolean): boolean;
}

/** The wasm backend's direct access to tensor memory, for kernels written in TypeScript. */
export interface HeapBackend extends BackendHandle {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/**
 * Calls another kernel of the same backend directly, the way backends compose kernels internally.
 * Going through tf ops instead would record the intermediates on the gradient tape.
 */
export function runKernel(
  kernelFunc: tf.KernelFunc,
  backend: BackendHandle,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const out = kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    const first = out[0];
    if (first === undefined || out.length !== 1) throw new Error('expected a kernel with one output');
    return first;
  }
  return out;
}

/** The kernel registered for `name` on `backendName`, or an error naming what is missing. */
export function kernelFuncOf(name: string, backendName: string): tf.KernelFunc {
  const config = tf.getKernel(name, backendName);
  if (config === undefined) throw new Error(`kernel ${name} is not registered on backend ${backendName}`);
  return config.kernelFunc;
}

export function transposeLastTwo(
  transpose: tf.KernelFunc,
  backend: BackendHandle,
  x: TensorInfo,
): TensorInfo {
  const rank = x.shape.length;
  const perm = x.shape.map((_, i) => (i === rank - 2 ? rank - 1 : i === rank - 1 ? rank - 2 : i));
  return runKernel(transpose, backend, { x }, { perm });
}

export function release(backend: BackendHandle, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
