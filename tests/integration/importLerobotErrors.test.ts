import { cpSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/importers/importPaths';
import { Workspace } from '../../src/workspace/workspace';
import { appleWithVideo, G1_V21 } from '../helpers/lerobot';
import { inventory, mediaTools, tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
const run = (paths: string[]) => importPaths(ws, paths, { dataset: 'default', tools: mediaTools() });

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

/** A writable copy of the v2.1 fixture and its episode 2 data file. */
function g1Copy(): { dir: string; ep2: string } {
  const dir = path.join(tmp.dir, 'g1');
  cpSync(G1_V21, dir, { recursive: true });
  return { dir, ep2: path.join(dir, 'data', 'chunk-000', 'episode_000002.parquet') };
}

/** Episode 1 alone imported: 3 streams, nothing of episode 2 left behind. */
function onlyEpisodeOne(r: Awaited<ReturnType<typeof run>>) {
  expect(r.episodes).toHaveLength(1);
  expect(r.episodes[0]!.streams.map((s) => s.frames)).toEqual([393, 393, 393]);
  expect(inventory(ws)).toMatchObject({ episodes: 1, streams: 3, tmpFiles: 0 });
}

describe('damaged LeRobot data', () => {
  it('a truncated parquet file: an error naming the file and the episode, the other episode imported', async () => {
    const { dir, ep2 } = g1Copy();
    truncateSync(ep2, 40_000);
    const r = await run([dir]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.path).toBe(ep2);
    expect(r.errors[0]!.message).toMatch(/not a readable parquet file .*episode_index=2/);
    onlyEpisodeOne(r);
  });

  it('bit flips in the values: refused by the recorded statistics, naming file, row and column', async () => {
    const { dir, ep2 } = g1Copy();
    const original = readFileSync(ep2);
    for (const at of [50, 20_000, 40_000]) {
      const bytes = Buffer.from(original);
      bytes[at] = bytes[at]! ^ 0xff;
      writeFileSync(ep2, bytes);
      const r = await run([dir]);
      expect(r.errors.map((e) => e.path)).toEqual([ep2]);
      expect(r.errors[0]!.message).toMatch(
        /episode_000002\.parquet \(episode_index=2\): row \d+, "(observation\.state|action)"\[\d+\]: .* lies outside the range/,
      );
    }
    expect(inventory(ws)).toMatchObject({ episodes: 1, streams: 3 });
  });

  it('bit flips anywhere: never a crash, each run imports episode 2 whole or names its file', async () => {
    const { dir, ep2 } = g1Copy();
    const original = readFileSync(ep2);
    let imported = 0;
    for (let at = 4; at < original.length; at += Math.floor(original.length / 23)) {
      const bytes = Buffer.from(original);
      bytes[at] = bytes[at]! ^ 0x5a;
      writeFileSync(ep2, bytes);
      const r = await run([dir]);
      for (const e of r.errors) expect(e.path).toBe(ep2);
      const ep2Imported = r.episodes.filter((e) => e.streams[0]!.frames === 343);
      expect(ep2Imported.length + r.errors.length).toBe(1);
      imported += ep2Imported.length;
    }
    // Every episode written is whole: one of episode 1, and each accepted copy of episode 2.
    expect(inventory(ws)).toMatchObject({ episodes: 1 + imported, streams: 3 * (1 + imported) });
  });

  it('a feature of info.json missing from the data: each episode refused, naming the column', async () => {
    const { dir } = g1Copy();
    const infoFile = path.join(dir, 'meta', 'info.json');
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { features: Record<string, unknown> };
    info.features['observation.effort'] = { dtype: 'float32', shape: [26], names: null };
    writeFileSync(infoFile, JSON.stringify(info));
    const r = await run([dir]);
    expect(r.episodes).toEqual([]);
    expect(r.errors.map((e) => path.basename(e.path))).toEqual([
      'episode_000001.parquet',
      'episode_000002.parquet',
    ]);
    expect(r.errors[1]!.message).toMatch(
      /\(episode_index=2\): the column\(s\) "observation\.effort" .* are missing/,
    );
    expect(inventory(ws)).toMatchObject({ episodes: 0, streams: 0, blobRows: 0 });
  });

  it('a damaged line of meta/episodes.jsonl: refused by line, the other episode imported', async () => {
    const { dir } = g1Copy();
    const list = path.join(dir, 'meta', 'episodes.jsonl');
    const [first, second] = readFileSync(list, 'utf8').split('\n');
    writeFileSync(list, `${first}\n${second!.slice(0, 30)}\n`);
    const r = await run([dir]);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/episodes\.jsonl: line 2: not valid JSON/),
    ]);
    onlyEpisodeOne(r);
  });

  it('v2.1 videos of the wrong length: refused, naming the video and the episode', async () => {
    const { dir } = g1Copy();
    const videos = path.join(dir, 'videos', 'chunk-000', 'observation.images.cam_high');
    const one = path.join(videos, 'episode_000001.mp4');
    const two = path.join(videos, 'episode_000002.mp4');
    renameSync(one, `${one}.x`);
    renameSync(two, one);
    renameSync(`${one}.x`, two);
    const r = await run([dir]);
    expect(r.episodes).toEqual([]);
    expect(r.errors.map((e) => e.path)).toEqual([one, two]);
    expect(r.errors[0]!.message).toMatch(/has 343 frames for .*episode_index=1\), but the data has 393 rows/);
    expect(inventory(ws)).toMatchObject({ episodes: 0, blobRows: 0, blobFiles: 0 });
  });

  it('a v3.0 video shorter than its episodes: the episodes past its end refused, the others imported', async () => {
    const dir = appleWithVideo(tmp.dir, 850);
    const r = await run([dir]);
    expect(r.episodes.map((e) => e.streams[0]!.frames)).toEqual([299, 300]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.path).toMatch(/videos\/observation\.image\/chunk-000\/file-000\.mp4$/);
    expect(r.errors[0]!.message).toMatch(
      /has 251 frames between .* for .*\(episode_index=2\), but the data has 300 rows/,
    );
    expect(inventory(ws)).toMatchObject({ episodes: 2, streams: 6 });
  });
});
