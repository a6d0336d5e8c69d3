import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/importers/importPaths';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { damage, DAMAGE_KINDS, seedOf } from '../helpers/damage';
import { inventory, mediaTools, tempDir } from '../helpers/workspace';

// Seeded damage to one episode's parquet file inside a real LeRobot v2.1 dataset folder: whatever
// the damage, that episode imports cleanly or is refused naming its file, the other episode is not
// affected, nothing partial is written, and the original folder is not changed.

const FIXTURE = path.resolve('tests/fixtures/lerobot/g1_pick_yellow_bottle_ep1-2');
const DAMAGED = 'data/chunk-000/episode_000001.parquet';
const PER_KIND = 25;

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const cases = DAMAGE_KINDS.flatMap((kind) => Array.from({ length: PER_KIND }, (_, n) => ({ kind, n })));
const outcomes = { imported: 0, refused: 0 };

describe('a LeRobot dataset with a damaged parquet file', () => {
  it.each(cases)('$kind #$n', async ({ kind, n }) => {
    const dir = path.join(tmp.dir, `${kind}-${n}`);
    const dataset = path.join(dir, 'g1');
    cpSync(FIXTURE, dataset, { recursive: true });
    const file = path.join(dataset, DAMAGED);
    const original = readFileSync(file);
    // Header damage hits the parquet footer (its schema and row-group index) and the magic bytes.
    const headers = [
      { start: 0, end: 4 },
      { start: Math.max(0, original.length - 2048), end: original.length },
    ];
    const damaged = damage(original, kind, seedOf(`lerobot/${kind}/${n}`), headers);
    writeFileSync(file, damaged.bytes);
    const ws = Workspace.init(path.join(dir, 'ws'));
    try {
      const r = await importPaths(ws, [dataset], {
        dataset: 'g1',
        tools: mediaTools(),
        readTimeoutMs: 10_000,
      });
      expect(readFileSync(file).equals(damaged.bytes)).toBe(true);
      const names = r.episodes.map((e) => new Catalog(ws.db).getEpisode(e.id).name).sort();
      // The undamaged episode always imports.
      expect(names.some((x) => x.endsWith('2'))).toBe(true);
      if (names.length === 1) {
        outcomes.refused++;
        expect(r.errors.map((e) => e.message).join('\n')).toContain('episode_000001.parquet');
      } else {
        outcomes.imported++;
        expect(r.errors).toEqual([]);
      }
      const inv = inventory(ws);
      expect(inv.episodes).toBe(r.episodes.length);
      expect(inv.tmpFiles).toBe(0);
      const referenced = new Catalog(ws.db).referencedBlobs();
      expect([...ws.blobs.listHashes()].filter((h) => !referenced.has(h))).toEqual([]);
    } finally {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refused some of the damaged files (the damage reached the reader)', () => {
    expect(outcomes.refused).toBeGreaterThan(cases.length / 4);
  });
});
