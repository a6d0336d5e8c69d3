// `npm run bench`: every benchmark in turn, each printing ratios against its baseline measured in
// the same run. Pass names to run some: `npm run bench -- library sim`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['library', 'sim', 'train', 'replay', 'formats', 'dagger', 'quality', 'redact', 'startup'];
/**
 * Arguments for a benchmark whose full size is a study rather than a check: bench/quality runs
 * here as its speed figures and detection on 60 arm demonstrations (minutes); its policy comparison
 * (the better part of an hour) is run on its own, as bench/RESULTS.md records.
 */
const ARGS = { quality: ['--envs', 'arm', '--demos', '60', '--no-policy', '--speed', '1000'] };
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')} (have: ${ALL.join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen.length > 0 ? chosen : ALL) {
  console.log(`\n##### bench/${name}`);
  const r = spawnSync(process.execPath, [path.join(here, name, 'run.mjs'), ...(ARGS[name] ?? [])], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
