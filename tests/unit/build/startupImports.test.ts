import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { jobKinds, type JobKind } from '../../../src/common/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Packages that take a large share of a Node process's start (each 0.1-0.5 s to load here). */
const HEAVY = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  'h5wasm/node',
  '@mcap/core',
  '@mcap/support',
  '@foxglove/rosbag',
  'onnxruntime-node',
  'hyparquet',
  'hyparquet-writer',
];

/** What each entry of the Node bundle loads before its first line runs, with the chain that loads it. */
async function staticImports(): Promise<Map<string, Map<string, string[]>>> {
  const { nodeBundle } = (await import(path.join(root, 'scripts', 'bundleOptions.mjs'))) as {
    nodeBundle(root: string): { entryPoints: Record<string, string> };
  };
  const options = nodeBundle(root);
  const { metafile } = await build({
    ...options,
    outdir: path.join(root, 'dist', 'startup-imports-check'),
    write: false,
    metafile: true,
    sourcemap: false,
  });
  const inputs = (metafile as Metafile).inputs;
  const byEntry = new Map<string, Map<string, string[]>>();
  for (const entry of Object.values(options.entryPoints)) {
    const chains = new Map<string, string[]>([[entry, [entry]]]);
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.shift()!;
      for (const imp of inputs[file]?.imports ?? []) {
        if (imp.kind !== 'import-statement' || chains.has(imp.path)) continue;
        chains.set(imp.path, [...chains.get(file)!, imp.path]);
        queue.push(imp.path);
      }
    }
    byEntry.set(entry, chains);
  }
  return byEntry;
}

describe('what the CLI and a job worker load at start', () => {
  it('is none of the heavy packages: those load with the command or job kind that needs them', async () => {
    const byEntry = await staticImports();
    expect([...byEntry.keys()].sort()).toEqual([
      'src/cli/main.ts',
      'src/index.ts',
      'src/service/jobWorker.ts',
    ]);
    const loaded = [...byEntry].flatMap(([entry, chains]) =>
      HEAVY.filter((p) => chains.has(p)).map((p) => `${entry}: ${chains.get(p)!.join(' -> ')}`),
    );
    expect(loaded).toEqual([]);
    // The check sees packages at all: the database is loaded at start by every entry.
    for (const chains of byEntry.values()) expect(chains.has('better-sqlite3')).toBe(true);
  });

  it('finds every job kind’s implementation when a job of that kind starts', async () => {
    const { implementations } = await import('../../../src/service/jobImplementations');
    for (const kind of Object.keys(jobKinds) as JobKind[]) {
      const impl = await implementations[kind]();
      expect(typeof impl.run, kind).toBe('function');
    }
  }, 60_000);
});
