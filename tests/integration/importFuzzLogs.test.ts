import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstLine, fuzzCases, FuzzTally, importDamaged, type FuzzBase } from '../helpers/importFuzz';
import { mediaTools, tempDir } from '../helpers/workspace';

// Teleop logs (CSV and JSONL, one episode and several) damaged every seeded way: see importDamaged
// for what must hold. The logs are written here, so every run damages the same bytes.

const PER_KIND = 20;
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const lines = (rows: string[]) => Buffer.from(rows.join('\n') + '\n');

const BASES: FuzzBase[] = [
  {
    name: 'teleop.csv',
    bytes: lines([
      'timestamp,observation.state.x,observation.state.y,action.x,action.y,gripper',
      ...Array.from({ length: 40 }, (_, i) =>
        [i * 0.05, Math.sin(i / 5), Math.cos(i / 5), Math.sin(i / 5 + 0.1), Math.cos(i / 5 + 0.1), i % 2]
          .map(round)
          .join(','),
      ),
    ]),
    headers: [],
  },
  {
    name: 'session.csv',
    bytes: lines([
      'timestamp_ms,episode_index,joint.a,joint.b',
      ...Array.from({ length: 45 }, (_, i) => `${(i % 15) * 20},${Math.floor(i / 15)},${round(i / 7)},${-i}`),
    ]),
    headers: [],
  },
  {
    name: 'gripper.jsonl',
    bytes: lines(
      Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({
          timestamp_ns: 1_700_000_000_000_000_000 + i * 20_000_000,
          state: { width: round(0.08 - i / 1000), closed: i > 20 ? 1 : 0 },
          force: [round(Math.sin(i)), round(Math.cos(i)), i],
        }),
      ),
    ),
    headers: [],
  },
  {
    name: 'runs.jsonl',
    bytes: lines(
      Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({ t: (i % 10) / 10, episode: Math.floor(i / 10), x: round(i / 3), y: -i }),
      ),
    ),
    headers: [],
  },
];
for (const b of BASES) b.headers = [firstLine(b.bytes)];

let tmp: ReturnType<typeof tempDir>;
const tally = new FuzzTally();
beforeAll(() => {
  tmp = tempDir('mimic-fuzz-logs-');
});
afterAll(() => tmp.cleanup());

describe('damaged teleop logs', () => {
  it.each(BASES.map((b) => b.name))('%s undamaged imports cleanly', async (name) => {
    const base = BASES.find((b) => b.name === name)!;
    const r = await importDamaged(tmp.dir, base, { base: name, kind: 'none', n: 0 }, mediaTools());
    expect(r.outcome).toBe('imported');
  });

  const cases = fuzzCases(
    BASES.map((b) => b.name),
    PER_KIND,
  );
  it.each(cases)('$base, $kind #$n', async (c) => {
    const base = BASES.find((b) => b.name === c.base)!;
    const { outcome } = await importDamaged(tmp.dir, base, c, mediaTools());
    tally.add(c.base, outcome);
  });

  it('refused some damage of every log, and took some damaged logs as clean', () => {
    // JSONL rarely survives a flipped bit; CSV digits often do.
    for (const b of BASES) expect(tally.counts.get(b.name)?.refused, b.name).toBeGreaterThan(0);
    const imported = [...tally.counts.values()].reduce((n, c) => n + c.imported, 0);
    expect(imported).toBeGreaterThan(0);
  });
});
