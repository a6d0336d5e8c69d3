// How the Node bundles are built: shared by the build and by the test that checks what they load.

/** Settings of every Node bundle (the studio's core, the CLI, the worker, the Electron shell). */
export const nodeCommon = (root) => ({
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
});

/**
 * The CLI, the job worker and the core's entry. Modules imported on demand (a job kind's
 * implementation, a handler's heavy reader) become chunks of their own, so the CLI and a worker
 * start without loading TensorFlow.js or the format readers until a command or job needs them.
 */
export const nodeBundle = (root) => ({
  ...nodeCommon(root),
  format: 'esm',
  entryPoints: { cli: 'src/cli/main.ts', jobWorker: 'src/service/jobWorker.ts', index: 'src/index.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
