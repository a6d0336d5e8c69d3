#!/usr/bin/env node
// The `mimic` command. The TypeScript sources are bundled by `npm install` (prepare); build them
// here once if that step was skipped (for example `npm install --ignore-scripts`).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'node', 'cli.js');
if (!existsSync(cli)) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'node'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('mimic: could not build the CLI; run `npm run build` in ' + root);
    process.exit(1);
  }
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
