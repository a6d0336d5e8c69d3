import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerProjectKernels, unregisterProjectKernels } from './kernels';

/** `tensorflow` is native TensorFlow through the optional @tensorflow/tfjs-node. */
export type TrainingBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendOptions {
  /** Use this backend (or fail) instead of the best available one. */
  backend?: TrainingBackendName;
  /** Register the project's wasm training kernels (default true; false gives stock tfjs for comparison). */
  projectKernels?: boolean;
  /** Folder holding tfjs-backend-wasm's .wasm files (default: the installed package's dist/). */
  wasmDir?: string;
}

export interface BackendChoice {
  name: TrainingBackendName;
  projectKernels: boolean;
  /** Why faster backends were passed over, for logs and the UI. */
  notes: string[];
}

const TFJS_NODE = '@tensorflow/tfjs-node';
let wasmPathsSet = false;

async function tryNative(notes: string[]): Promise<boolean> {
  try {
    // A computed specifier: the package is optional, so neither tsc nor the bundler may resolve it.
    const specifier: string = TFJS_NODE;
    await import(specifier);
    return await tf.setBackend('tensorflow');
  } catch (error) {
    notes.push(
      `${TFJS_NODE} unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    return false;
  }
}

export function defaultWasmDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

async function tryWasm(options: BackendOptions, notes: string[]): Promise<boolean> {
  try {
    if (!wasmPathsSet) {
      // Must precede the backend's first initialisation; a trailing separator makes it a folder prefix.
      setWasmPaths(path.join(options.wasmDir ?? defaultWasmDir(), path.sep));
      wasmPathsSet = true;
    }
    if (options.projectKernels === false) unregisterProjectKernels();
    else registerProjectKernels();
    return await tf.setBackend('wasm');
  } catch (error) {
    notes.push(`wasm backend failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * Selects the fastest backend that works here: native TensorFlow when @tensorflow/tfjs-node is
 * installed, else WebAssembly (SIMD) with the project's training kernels, else the pure-JS cpu
 * backend (25-350x slower than wasm, so only a last resort). Returns what was chosen.
 */
export async function initTrainingBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  const notes: string[] = [];
  const want = options.backend;
  if ((want === undefined || want === 'tensorflow') && (await tryNative(notes))) {
    return { name: 'tensorflow', projectKernels: false, notes };
  }
  if ((want === undefined || want === 'wasm') && (await tryWasm(options, notes))) {
    return { name: 'wasm', projectKernels: options.projectKernels !== false, notes };
  }
  if ((want === undefined || want === 'cpu') && (await tf.setBackend('cpu'))) {
    return { name: 'cpu', projectKernels: false, notes };
  }
  throw new Error(`no training backend could start (${want ?? 'any'}): ${notes.join('; ')}`);
}
