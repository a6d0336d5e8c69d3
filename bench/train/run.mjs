// Policy training throughput on each available tfjs backend against PyTorch on this CPU, same models
// and batches. Usage: node bench/train/run.mjs [seconds per measurement, default 3] [--json]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');
const seconds = Number(process.argv.slice(2).find((a) => a !== '--json') ?? 3);
// With --json, one JSON object is the only output.
const log = json ? () => {} : console.log;
const MLP_BATCH = 256;
const CNN_BATCH = 32;

await withBundle(path.join(here, 'bench.ts'), async (bench) => {
  let torch = null;
  try {
    const json = execFileSync(
      '/usr/bin/python3',
      [path.join(here, 'torch_bench.py'), String(seconds), String(MLP_BATCH), String(CNN_BATCH)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    torch = JSON.parse(json);
  } catch (error) {
    log(`PyTorch baseline unavailable (${error.message.split('\n')[0]}): ratios omitted`);
  }

  const rows = [];
  for (const backend of ['tensorflow', 'wasm-project', 'wasm-stock', 'cpu']) {
    if (!(await bench.useBackend(backend))) {
      log(`${backend}: not available`);
      continue;
    }
    // The cpu backend is 25-350x slower: measure the MLP only, briefly.
    rows.push({
      backend,
      model: `bc-mlp batch ${MLP_BATCH}`,
      key: 'mlp',
      ...bench.mlpRates(MLP_BATCH, backend === 'cpu' ? Math.min(seconds, 2) : seconds),
    });
    if (backend !== 'cpu')
      rows.push({
        backend,
        model: `bc-cnn 84x84x3 batch ${CNN_BATCH}`,
        key: 'cnn',
        ...bench.cnnRates(CNN_BATCH, seconds),
      });
  }

  const fmt = (v) => (v === null || v === undefined ? '-' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const ratio = (a, b) => (a === null || !b ? '-' : `${(a / b).toFixed(2)}x`);
  const threads = torch ? Object.keys(torch.results) : [];
  log(
    `\ntorch ${torch?.torch ?? '-'} (default threads ${torch?.threads ?? '-'}); tfjs wasm runs on one thread`,
  );
  const header = [
    'backend',
    'model',
    'train samples/s',
    'infer samples/s',
    'train/infer',
    ...threads.flatMap((t) => [`train vs torch ${t}T`, `infer vs torch ${t}T`]),
  ];
  log(header.join(' | '));
  for (const r of rows) {
    const vs = threads.flatMap((t) => [
      ratio(r.train, torch.results[t][r.key].train),
      ratio(r.infer, torch.results[t][r.key].infer),
    ]);
    log(
      [r.backend, r.model, fmt(r.train), fmt(r.infer), ratio(r.train, r.infer), ...vs].join(' | ') +
        (r.note ? `  (${r.note})` : ''),
    );
  }
  for (const t of threads) {
    for (const key of ['mlp', 'cnn']) {
      const b = torch.results[t][key];
      log(`torch ${t} thread(s) | ${key} | ${fmt(b.train)} | ${fmt(b.infer)} | ${ratio(b.train, b.infer)}`);
    }
  }
  if (json)
    console.log(
      JSON.stringify({
        torch: torch && { version: torch.torch, threads: torch.threads, results: torch.results },
        rows: rows.map(({ backend, model, key, train, infer, note }) => ({
          backend,
          model,
          key,
          trainSamplesPerSecond: train,
          inferSamplesPerSecond: infer,
          note: note ?? null,
          vsTorch: Object.fromEntries(
            Object.keys(torch?.results ?? {}).map((t) => [
              t,
              {
                train: train / torch.results[t][key].train,
                infer: infer / torch.results[t][key].infer,
              },
            ]),
          ),
        })),
      }),
    );
});
