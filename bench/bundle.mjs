// Runs a TypeScript benchmark module: bundles it next to its source (so bare imports resolve from the
// project's node_modules), imports it, and removes the bundle afterwards.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export async function withBundle(entry, use) {
  const dir = mkdtempSync(path.join(path.dirname(entry), '.bundle-'));
  const outfile = path.join(dir, 'bench.mjs');
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'warning',
      absWorkingDir: root,
    });
    return await use(await import(pathToFileURL(outfile).href));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export function table(rows) {
  const keys = Object.keys(rows[0] ?? {});
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (vals) => vals.map((v, i) => String(v).padEnd(width[i])).join('  ');
  console.log(line(keys));
  for (const r of rows) console.log(line(keys.map((k) => r[k])));
}
