import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/importers/importPaths';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { damage, DAMAGE_KINDS, seedOf } from '../helpers/damage';
import { makeRobomimic, type DemoSpec } from '../helpers/robomimic';
import { inventory, mediaTools, tempDir } from '../helpers/workspace';

// Damaged robomimic files: each unusable demo is refused by file and demo with nothing of it
// written, the other demos still import, and a file that cannot be opened is refused whole.

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;

const STREAMS = 7;

/** Imports `file`: the result, with the checks that hold whatever the file holds. */
async function importChecked(w: Workspace, file: string) {
  const r = await importPaths(w, [file], { dataset: 'd', tools: mediaTools(), readTimeoutMs: 5_000 });
  for (const e of r.errors) {
    expect(e.path).toBe(file);
    expect(e.message).toContain(file);
  }
  // Every episode written is whole: all its streams, each with every step.
  const catalog = new Catalog(w.db);
  for (const imported of r.episodes) {
    const e = catalog.getEpisode(imported.id);
    const steps = (e.metadata.robomimic as { numSamples: number }).numSamples;
    expect(e.streamDetails.length).toBeGreaterThanOrEqual(STREAMS - 3);
    expect(e.streamDetails.length).toBeLessThanOrEqual(STREAMS + 1);
    for (const s of e.streamDetails) expect(s.frames, `${e.name} ${s.name}`).toBe(steps);
  }
  const inv = inventory(w);
  expect(inv.episodes).toBe(r.episodes.length);
  expect(inv.tmpFiles).toBe(0);
  expect(inv.blobFiles).toBe(inv.blobRows);
  return r;
}

describe('robomimic files that cannot be used', () => {
  beforeEach(() => {
    tmp = tempDir();
    ws = Workspace.init(path.join(tmp.dir, 'ws'));
  });
  afterEach(() => {
    ws.close();
    tmp.cleanup();
  });

  const make = (name: string, bad: DemoSpec) =>
    makeRobomimic(path.join(tmp.dir, name), {
      demos: [{ name: 'demo_0', steps: 4 }, bad, { name: 'demo_2', steps: 3 }],
    });

  it.each<[string, DemoSpec, RegExp]>([
    ['no actions', { name: 'demo_1', steps: 5, omit: ['actions'] }, /\(demo=demo_1\): no "actions" dataset/],
    [
      'obs of another length',
      { name: 'demo_1', steps: 5, rows: { 'obs/object': 4 } },
      /\(demo=demo_1\): "obs\/object" has 4 rows, but "actions" has 5/,
    ],
    [
      'num_samples that disagrees',
      { name: 'demo_1', steps: 5, numSamples: 7 },
      /\(demo=demo_1\): num_samples is 7, but "actions" has 5 rows/,
    ],
    [
      'an absurd number of steps',
      { name: 'demo_1', steps: 5, shapes: { actions: [20_000_000, 7] } },
      /\(demo=demo_1\): "actions" claims 20000000 rows/,
    ],
    [
      'absurdly wide rows',
      { name: 'demo_1', steps: 5, shapes: { states: [5, 1000, 1000] } },
      /\(demo=demo_1\): "states" has rows of shape \[1000, 1000\]/,
    ],
    [
      'actions with no rows',
      { name: 'demo_1', steps: 5, shapes: { actions: [0, 7] } },
      /\(demo=demo_1\): "actions" has no rows/,
    ],
  ])('a demo with %s is refused by file and demo; the others import', async (_what, bad, message) => {
    const file = make('bad.hdf5', bad);
    const r = await importChecked(ws, file);
    expect(r.episodes.map((e) => new Catalog(ws.db).getEpisode(e.id).name)).toEqual([
      'bad#demo_0',
      'bad#demo_2',
    ]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(message);
    expect(r.errors[0]!.message.startsWith(file)).toBe(true);
  });

  it('a file that is not HDF5, or has no data group, is refused whole', async () => {
    const text = path.join(tmp.dir, 'notes.hdf5');
    writeFileSync(text, 'not an HDF5 file\n');
    const r = await importChecked(ws, text);
    expect(r.episodes).toEqual([]);
    expect(r.errors).toEqual([
      {
        path: text,
        message: expect.stringMatching(/notes\.hdf5: not a readable HDF5 file: .*truncated or damaged/),
      },
    ]);
  });
});

describe('damaged robomimic files (seeded fuzz)', () => {
  const PER_KIND = 12;
  let bytes: Buffer;
  const outcomes = { imported: 0, refused: 0, partly: 0 };
  beforeAll(() => {
    tmp = tempDir('mimic-fuzz-robomimic-');
    const file = makeRobomimic(path.join(tmp.dir, 'base.hdf5'), {
      demos: [
        { name: 'demo_0', steps: 12 },
        { name: 'demo_1', steps: 9 },
        { name: 'demo_2', steps: 10 },
      ],
      masks: { train: ['demo_0', 'demo_1'], valid: ['demo_2'] },
      // A camera first (obs keys in order): a demo refused after it was encoded leaves no file.
      imageSide: 8,
    });
    bytes = readFileSync(file);
  });
  afterAll(() => tmp.cleanup());

  const cases = DAMAGE_KINDS.flatMap((kind) => Array.from({ length: PER_KIND }, (_, n) => ({ kind, n })));
  it.each(cases)(
    '$kind #$n',
    async ({ kind, n }) => {
      // The first 96 bytes: HDF5's superblock.
      const damaged = damage(bytes, kind, seedOf(`robomimic/${kind}/${n}`), [{ start: 0, end: 96 }]);
      const file = path.join(tmp.dir, `damaged-${kind}-${n}.hdf5`);
      writeFileSync(file, damaged.bytes);
      const w = Workspace.init(path.join(tmp.dir, `ws-${kind}-${n}`));
      try {
        const started = Date.now();
        const r = await importChecked(w, file);
        expect(Date.now() - started).toBeLessThan(10_000);
        if (r.errors.length === 0) outcomes.imported++;
        else if (r.episodes.length === 0) outcomes.refused++;
        else outcomes.partly++;
      } finally {
        w.close();
        rmSync(file, { force: true });
      }
    },
    15_000,
  );

  it('refused some damaged files and imported some', () => {
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.imported + outcomes.partly).toBeGreaterThan(0);
  });
});
