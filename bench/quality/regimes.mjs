// Data regimes: where a policy cloned from `better` demonstrations sits between floor and ceiling,
// probed across observations, policies, data and training steps (bench/quality/regimes.ts).
// Usage: node bench/quality/regimes.mjs [--probes NAME,...] [--seeds 2] [--rollouts 50]
//   [--schedule cosine|constant] [--seed 21] [--list] [--json]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    probes: { type: 'string', default: '' },
    seeds: { type: 'string', default: '2' },
    rollouts: { type: 'string', default: '50' },
    schedule: { type: 'string', default: 'cosine' },
    seed: { type: 'string', default: '21' },
    list: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const num = (k) => {
  const n = Number(values[k]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} ${values[k]}: expected a whole number from 1`);
  return n;
};
if (!['constant', 'cosine'].includes(values.schedule))
  throw new Error(`--schedule ${values.schedule}: expected constant or cosine`);
const log = (line) => process.stderr.write(line + '\n');

await withBundle(path.join(here, 'regimes.ts'), async (b) => {
  if (values.list) {
    for (const p of b.PROBES) console.log(`${p.name}: ${JSON.stringify(p)}`);
    return;
  }
  const names = values.probes.split(',').filter(Boolean);
  const unknown = names.filter((n) => !b.PROBES.some((p) => p.name === n));
  if (unknown.length) throw new Error(`--probes: unknown ${unknown.join(', ')} (see --list)`);
  const probes = names.length ? b.PROBES.filter((p) => names.includes(p.name)) : b.PROBES;
  const backend = await b.initTrainingBackend();
  const options = {
    seeds: num('seeds'),
    rollouts: num('rollouts'),
    schedule: values.schedule,
    dataSeed: num('seed'),
  };
  const results = [];
  for (const probe of probes) results.push(await b.runProbe(probe, options, log));
  if (values.json) {
    console.log(JSON.stringify({ config: { ...values, backend: backend.name }, results }));
    return;
  }
  console.log('probe | demos (frames) | optimizer steps | successes per seed | score per seed | s');
  for (const r of results)
    console.log(
      `${r.probe} | ${r.demos} (${r.frames}) | ${r.steps} | ${r.successes.map((n) => `${n}/${r.rollouts}`).join(', ')} | ${r.scoreName}: ${r.score.map((x) => x.toFixed(3)).join(', ')} | ${r.seconds.toFixed(0)}`,
    );
});
