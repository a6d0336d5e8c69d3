import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzCases, FuzzTally, importDamaged, type FuzzBase } from '../helpers/importFuzz';
import { G1_BAG, G1_BAG_LZ4, G1_MCAP } from '../helpers/recordings';
import { mediaTools, tempDir } from '../helpers/workspace';

// The real G1 recordings (an indexed zstd MCAP, a plain and an lz4 bag) damaged every seeded way:
// see importDamaged for what must hold (an error naming the file or a clean import, no partial
// episode, nothing left in tmp/, an answer in time). Header damage hits the file's header and its
// index: the MCAP summary and footer, the bag's connection and chunk-info records at its end.

const PER_KIND = 4;
const FILES = [G1_MCAP, G1_BAG, G1_BAG_LZ4];

let tmp: ReturnType<typeof tempDir>;
const bases = new Map<string, FuzzBase>();
const tally = new FuzzTally();

/** Where an MCAP's summary starts, read from its footer (the record before the closing magic). */
function mcapSummaryStart(bytes: Buffer): number {
  const footer = bytes.length - 8 - 29;
  expect(bytes[footer]).toBe(0x02);
  return Number(bytes.readBigUInt64LE(footer + 9));
}

/** Where a bag's index (connections, chunk infos) starts: `index_pos` in its header record. */
function bagIndexStart(bytes: Buffer): number {
  const at = bytes.indexOf('index_pos=');
  expect(at).toBeGreaterThan(0);
  return Number(bytes.readBigUInt64LE(at + 'index_pos='.length));
}

beforeAll(() => {
  tmp = tempDir('mimic-fuzz-recording-');
  for (const file of FILES) {
    const bytes = readFileSync(file);
    const name = path.basename(file);
    const index = name.endsWith('.mcap') ? mcapSummaryStart(bytes) : bagIndexStart(bytes);
    expect(index).toBeGreaterThan(bytes.length / 2);
    bases.set(name, {
      name,
      bytes,
      headers: [
        { start: 0, end: name.endsWith('.mcap') ? 64 : 4096 + 13 },
        { start: index, end: bytes.length },
      ],
    });
  }
});
afterAll(() => tmp.cleanup());

describe('damaged MCAP files and ROS bags', () => {
  it.each(FILES.map((f) => path.basename(f)))('%s undamaged imports cleanly', async (name) => {
    const r = await importDamaged(
      tmp.dir,
      bases.get(name)!,
      { base: name, kind: 'none', n: 0 },
      mediaTools(),
    );
    expect(r.outcome).toBe('imported');
  });

  it.each(
    fuzzCases(
      FILES.map((f) => path.basename(f)),
      PER_KIND,
    ),
  )('$base, $kind #$n', async (c) => {
    const { outcome } = await importDamaged(tmp.dir, bases.get(c.base)!, c, mediaTools());
    tally.add(c.base, outcome);
  });

  it('refused some damage of every file', () => {
    for (const file of FILES) {
      expect(tally.counts.get(path.basename(file))?.refused, file).toBeGreaterThan(0);
    }
  });
});
