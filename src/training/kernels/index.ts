import * as tf from '@tensorflow/tfjs';
// Registers the stock wasm kernels that the project kernels wrap.
import '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilter } from './conv2DBackpropFilter';
import { conv2DBackpropInput } from './conv2DBackpropInput';
import { batchSafeFusedMatMul, transposeFirstMatMul } from './matMul';
import { kernelFuncOf } from './run';

const BACKEND = 'wasm';
const REPLACED = ['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'] as const;

const ACTIVATION_KERNELS: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/** Stock configs of the kernels we replaced (undefined where the backend had none), to restore them. */
let stockConfigs: Map<string, tf.KernelConfig | undefined> | null = null;

export function projectKernelsRegistered(): boolean {
  return stockConfigs !== null;
}

/**
 * Registers the project's training kernels on the wasm backend: the missing Conv2DBackpropFilter and
 * faster BatchMatMul/_FusedMatMul (transposed operands) and Conv2DBackpropInput. Safe to call before or
 * after the backend initialises; the stock kernels' setup functions are kept, so the wrapped kernels
 * can delegate to them.
 */
export function registerProjectKernels(): void {
  if (stockConfigs !== null) return;
  const stock = new Map<string, tf.KernelConfig | undefined>();
  for (const name of REPLACED) stock.set(name, tf.getKernel(name, BACKEND) as tf.KernelConfig | undefined);
  const stockFunc = (name: string): tf.KernelFunc => {
    const config = stock.get(name);
    if (config === undefined) throw new Error(`kernel ${name} is not registered on backend ${BACKEND}`);
    return config.kernelFunc;
  };
  const transpose = kernelFuncOf('Transpose', BACKEND);
  const conv2D = kernelFuncOf('Conv2D', BACKEND);
  const slice = kernelFuncOf('Slice', BACKEND);
  const replacements: tf.KernelConfig[] = [
    {
      kernelName: 'BatchMatMul',
      backendName: BACKEND,
      kernelFunc: transposeFirstMatMul(stockFunc('BatchMatMul'), transpose),
    },
    {
      kernelName: '_FusedMatMul',
      backendName: BACKEND,
      kernelFunc: transposeFirstMatMul(
        batchSafeFusedMatMul(stockFunc('_FusedMatMul'), {
          batchMatMul: stockFunc('BatchMatMul'),
          add: kernelFuncOf('Add', BACKEND),
          activation: (name) => kernelFuncOf(ACTIVATION_KERNELS[name] ?? name, BACKEND),
        }),
        transpose,
      ),
    },
    {
      kernelName: 'Conv2DBackpropFilter',
      backendName: BACKEND,
      kernelFunc: conv2DBackpropFilter({ conv2D, transpose, slice }),
    },
    {
      kernelName: 'Conv2DBackpropInput',
      backendName: BACKEND,
      kernelFunc: conv2DBackpropInput(stockFunc('Conv2DBackpropInput'), {
        batchMatMul: stockFunc('BatchMatMul'),
        transpose,
        reshape: kernelFuncOf('Reshape', BACKEND),
      }),
    },
  ];
  for (const config of replacements) {
    const old = stock.get(config.kernelName);
    if (old !== undefined) tf.unregisterKernel(config.kernelName, BACKEND);
    // Keep the stock setup: it binds the wasm exports the wrapped kernel delegates to.
    tf.registerKernel(old?.setupFunc === undefined ? config : { ...config, setupFunc: old.setupFunc });
  }
  stockConfigs = stock;
}

/** Puts the stock wasm kernels back (for comparisons and benchmarks). */
export function unregisterProjectKernels(): void {
  if (stockConfigs === null) return;
  for (const [name, config] of stockConfigs) {
    tf.unregisterKernel(name, BACKEND);
    if (config !== undefined) tf.registerKernel(config);
  }
  stockConfigs = null;
}
