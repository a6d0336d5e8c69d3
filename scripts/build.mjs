// Builds what the studio runs: Node bundles (CLI, job worker), the Electron shell and the renderer.
// Runs from `npm install` (prepare) so that `npx mimic` works straight after a fresh clone.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { nodeCommon, nodeBundle } from './bundleOptions.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);

if (want('node')) {
  // Chunks are named by content: old ones would pile up beside the new.
  rmSync(path.join(root, 'dist', 'node'), { recursive: true, force: true });
  await esbuild({ ...nodeBundle(root), outdir: 'dist/node' });
}

if (want('electron')) {
  await esbuild({
    ...nodeCommon(root),
    format: 'esm',
    entryPoints: { main: 'electron/main.ts' },
    outExtension: { '.js': '.mjs' },
    outdir: 'dist/electron',
  });
  // A sandboxed preload cannot load modules: bundle everything it needs into one CommonJS file.
  await esbuild({
    ...nodeCommon(root),
    packages: undefined,
    external: ['electron'],
    format: 'cjs',
    entryPoints: { preload: 'electron/preload.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'dist/electron',
  });
}

if (want('app')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'error' });
}
