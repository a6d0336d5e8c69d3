import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';
import { seedDemos } from './trainingHelpers';

const run = promisify(execFile);
const mimic = (...args: string[]) =>
  run(process.execPath, [path.join(packageRoot(), 'bin', 'mimic.mjs'), ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let ids: string[];

beforeAll(async () => {
  tmp = tempDir();
  dir = path.join(tmp.dir, 'ws');
  const ws = Workspace.init(dir);
  ids = await seedDemos(ws, { env: 'lane', episodes: 10, seed: 6, skill: 'mixed', dataset: 'lane' });
  ws.close();
});
afterAll(() => tmp.cleanup());

describe('mimic quality, decide, tag and train --episodes', () => {
  it('quality --json prints exactly episodes of {id, score, flags of {kind, reason, startNs, endNs}}, worst first', async () => {
    const off = JSON.stringify({ dataset: 'lane', settings: { learned: { enabled: false } } });
    expect((await mimic('call', dir, 'setQualitySettings', off)).code).toBe(0);
    const r = await mimic('quality', dir, '--dataset', 'lane', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      episodes: { id: string; score: number; flags: Record<string, unknown>[] }[];
    };
    expect(Object.keys(out)).toEqual(['episodes']);
    expect(out.episodes).toHaveLength(10);
    for (const e of out.episodes) expect(Object.keys(e)).toEqual(['id', 'score', 'flags']);
    const flags = out.episodes.flatMap((e) => e.flags);
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(Object.keys(f)).toEqual(['kind', 'reason', 'startNs', 'endNs']);
    const scores = out.episodes.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const missing = await mimic('quality', dir, '--dataset', 'nope', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: { code: 'not_found', message: 'no dataset named "nope"' },
    });
  });

  it('decide tags the episode; a bad decision is a usage error', async () => {
    const r = await mimic(
      'decide',
      dir,
      '--episode',
      ids[0]!,
      '--decision',
      'reject',
      '--note',
      'drifts',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ episodes: [ids[0]], decision: 'reject', note: 'drifts' });
    const list = JSON.parse((await mimic('list', dir, '--dataset', 'lane', '--json')).stdout) as {
      episodes: { id: string; tags: string[] }[];
    };
    expect(list.episodes.find((e) => e.id === ids[0])!.tags).toContain('rejected');
    const bad = await mimic('decide', dir, '--episode', ids[0]!, '--decision', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--decision keep, reject or review/);
  });

  it('tag edits many episodes; train --episodes trains on exactly the listed ones', async () => {
    const file = path.join(tmp.dir, 'subset.txt');
    writeFileSync(file, `${ids[2]}\n${ids[3]}\n\n${ids[0]}\n`);
    const tagged = await mimic('tag', dir, '--episodes', `@${file}`, '--add', 'subset', '--json');
    expect(JSON.parse(tagged.stdout)).toEqual({ changed: 3 });
    const train = await mimic(
      'train',
      dir,
      '--policy',
      'bc-mlp',
      '--dataset',
      'lane',
      '--epochs',
      '1',
      '--episodes',
      `@${file}`,
      '--json',
    );
    expect(train.code, train.stderr).toBe(0);
    const { model } = JSON.parse(train.stdout) as { model: string };
    const got = JSON.parse((await mimic('call', dir, 'getModel', JSON.stringify({ id: model }))).stdout) as {
      dataset: { episodeIds: string[] };
    };
    // The rejected episode is trained on because it was listed: an explicit list is exact.
    expect([...got.dataset.episodeIds].sort()).toEqual([ids[0], ids[2], ids[3]].sort());
  });
});
