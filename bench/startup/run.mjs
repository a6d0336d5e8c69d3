// bench/startup: how long a job worker and a CLI command take to start, with the Node bundle split so
// that heavy packages load on demand, as a ratio to the same sources bundled whole (every package
// loaded at start, as before the split). Both are built in this run from the same sources.
// Usage: node bench/startup/run.mjs [runs, default 10] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../../scripts/bundleOptions.mjs';
import { median, table } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(path.dirname(here));
const json = process.argv.includes('--json');
const runs = Number(process.argv.slice(2).find((a) => a !== '--json') ?? 10);
const log = json ? () => {} : console.log;

/** Wall time of one process, ms; it must succeed. */
function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

// Inside the repository, so that the bundles' bare imports resolve from its node_modules.
const dir = mkdtempSync(path.join(here, '.bundle-'));
const ws = mkdtempSync(path.join(os.tmpdir(), 'mimic-startup-'));
try {
  const variants = { split: path.join(dir, 'split'), whole: path.join(dir, 'whole') };
  await build({ ...nodeBundle(root), sourcemap: false, outdir: variants.split });
  await build({
    ...nodeBundle(root),
    sourcemap: false,
    splitting: false,
    chunkNames: undefined,
    outdir: variants.whole,
  });
  const cli = (v, ...args) => [path.join(variants[v], 'cli.js'), ...args];
  // A small workspace for `list`: two simulated lane demonstrations.
  const setup = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(pathToFileURL(cli('split')[0]).href)});
       let code = await main(['init', ${JSON.stringify(ws)}]);
       if (code === 0) code = await main(['sim', ${JSON.stringify(ws)}, '--env', 'lane', '--episodes', '2', '--seed', '1']);
       process.exit(code);`,
    ],
    { encoding: 'utf8' },
  );
  if (setup.status !== 0) throw new Error(`setting up the workspace failed: ${setup.stderr}`);
  const run = (args) => {
    const code = `const { main } = await import(${JSON.stringify(pathToFileURL(args[0]).href)}); process.exitCode = await main(${JSON.stringify(args.slice(1))});`;
    return timed(['--input-type=module', '-e', code]);
  };
  const cases = {
    'node, nothing loaded': () => timed(['-e', '0']),
    'job worker, whole bundle': () => timed([path.join(variants.whole, 'jobWorker.js')]),
    'job worker, split': () => timed([path.join(variants.split, 'jobWorker.js')]),
    'mimic list, whole bundle': () => run(cli('whole', 'list', ws, '--json')),
    'mimic list, split': () => run(cli('split', 'list', ws, '--json')),
  };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  // Interleaved, so that a slow moment of the machine falls on every case alike.
  for (let i = 0; i < runs; i++) for (const [k, f] of Object.entries(cases)) times[k].push(f());
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const worker = m['job worker, whole bundle'] / m['job worker, split'];
  const list = m['mimic list, whole bundle'] / m['mimic list, split'];
  log(`Process start, median of ${runs} (interleaved); ratio = whole bundle / split bundle`);
  if (!json) table(Object.entries(m).map(([k, v]) => ({ case: k, 'median ms': v.toFixed(0) })));
  log(`\njob worker: ${worker.toFixed(2)}x faster to start; mimic list: ${list.toFixed(2)}x faster`);
  if (json)
    console.log(
      JSON.stringify({
        runs,
        medianMs: m,
        workerRatio: worker,
        listRatio: list,
      }),
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(ws, { recursive: true, force: true });
}
