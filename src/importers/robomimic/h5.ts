import h5wasm from 'h5wasm/node';

// h5wasm reads through the HDF5 C library compiled to wasm, opening files where they lie: a
// dataset is read when asked, by slice, never the whole file.

export type H5File = InstanceType<typeof h5wasm.File>;
export type H5Group = InstanceType<typeof h5wasm.Group>;
export type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

let loaded: Promise<typeof h5wasm> | null = null;

/** The library, ready, with HDF5's errors thrown as exceptions (not printed to stderr). */
export function hdf5(): Promise<typeof h5wasm> {
  loaded ??= h5wasm.ready.then((module) => {
    module.activate_throwing_error_handler();
    return h5wasm;
  });
  return loaded;
}

export const isGroup = (x: unknown): x is H5Group => x instanceof h5wasm.Group;
export const isDataset = (x: unknown): x is H5Dataset => x instanceof h5wasm.Dataset;

/** HDF5's error stack is long: its innermost entry says what failed. */
export function h5Message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const detail = lines.filter((l) => /^#\d+/.test(l)).at(-1);
  const why = detail
    ? detail.replace(/^#\d+:\s*\S+\s+line\s+\d+\s+in\s+/, '')
    : (lines[0] ?? 'unknown error');
  return why.length > 300 ? `${why.slice(0, 300)}…` : why;
}

/** An error the HDF5 library raised (its error stack), rather than one of ours. */
export const isH5Error = (e: unknown): boolean => e instanceof Error && e.message.includes('HDF5-DIAG');
