// DAgger against behaviour cloning on the flawless oracle's demonstrations at equal labelled frames,
// and uncertainty-selected labels against labelling every visited frame. Usage:
//   node bench/dagger/run.mjs [--seeds 3] [--eval 100] [--quick] [--json]
// Writes bench/dagger/curves.svg (+ .png with ImageMagick). Every run is seeded: the same
// arguments give the same figures.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { withBundle } from '../bundle.mjs';
import { curvesSvg, writePlot } from './plot.mjs';
import { summarize, printTables } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    eval: { type: 'string', default: '100' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
const evalEpisodes = Number(values.eval);
const log = values.json ? () => {} : (line) => console.log(line);

await withBundle(path.join(here, 'bench.ts'), async (bench) => {
  const backend = await bench.useBackend();
  const started = performance.now();
  const common = { betaDecay: 0.5, steps: 600, evalEpisodes };
  // Lane: the difference lives below one demonstration (about 360 frames): 10 labels a round.
  const laneSmall = { ...common, env: 'lane', rollouts: 2, iterations: values.quick ? 3 : 6, budget: 10 };
  const runs = { lane: [] };
  for (const seed of seeds) {
    const t0 = performance.now();
    const uncertain = await bench.dagger({ ...laneSmall, seed, select: 'uncertain' });
    const first = await bench.dagger({ ...laneSmall, seed, select: 'all' });
    const every = await bench.dagger({ ...laneSmall, seed, select: 'all', budget: null, iterations: 2 });
    const labels = uncertain.map((p) => p.labels);
    const bc = await bench.bc(
      { ...laneSmall, seed },
      [...new Set([...labels, ...every.map((p) => p.labels)])].sort((a, b) => a - b),
    );
    runs.lane.push({ seed, uncertain, first, every, bc });
    log(`lane seed ${seed}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  // PushT and the arm, as measured: one seed, every visited frame labelled, BC at the same labels.
  const others = {};
  for (const env of values.quick ? [] : ['pusht', 'arm']) {
    const t0 = performance.now();
    const o = {
      ...common,
      env,
      seed: 1,
      rollouts: 2,
      iterations: 2,
      select: 'all',
      budget: null,
      evalEpisodes: 50,
    };
    const every = await bench.dagger(o);
    const bc = await bench.bc(
      o,
      every.map((p) => p.labels),
    );
    others[env] = { every, bc };
    log(`${env}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const summary = summarize(runs.lane, others);
  const png = writePlot(
    path.join(here, 'curves.svg'),
    curvesSvg([
      {
        title: `lane: success (${seeds.length} seeds x ${evalEpisodes} rollouts, 95% Wilson)`,
        yLabel: 'success rate',
        series: summary.plot.success,
      },
      {
        title: 'lane: continuous score (share of the lap driven)',
        yLabel: 'score',
        series: summary.plot.score,
      },
    ]),
  );
  const out = {
    backend: backend.name,
    seconds: Math.round((performance.now() - started) / 1000),
    seeds,
    evalEpisodes,
    settings: {
      lane: laneSmall,
      others: 'rollouts 2, iterations 2, every visited frame, 50 eval rollouts, seed 1',
    },
    ...summary.tables,
    plot: png ?? path.join(here, 'curves.svg'),
    runs: { lane: runs.lane, ...others },
  };
  if (values.json) console.log(JSON.stringify(out));
  else printTables(out);
});
