import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EpisodeSummarySchema } from '../../src/common/api';
import { EpisodeParts } from '../../src/episodes/parts';
import { importPaths } from '../../src/importers/importPaths';
import { hashFile } from '../../src/workspace/blobs';
import { Catalog } from '../../src/workspace/catalog';
import { migrations } from '../../src/workspace/migrations';
import { DB_FILE, Workspace } from '../../src/workspace/workspace';
import { inventory, makeClip, mediaTools, tempDir, writeLines } from '../helpers/workspace';
import { setTrim } from './episodeFixture';

// An episode's origin is (file hash, locator in the file): a re-import finds exactly the episodes it
// made, a log can hold several episodes, and a split episode is reported by its visible parts.

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
const file = (name: string) => path.join(tmp.dir, name);
const run = (paths: string[], dataset = 'default', into = ws) =>
  importPaths(into, paths, { dataset, tools: mediaTools() });
const catalog = () => new Catalog(ws.db);
const names = () =>
  catalog()
    .listEpisodes({ sort: 'name' })
    .items.map((e) => e.name);

/** A teleop log of two episodes (episode_index 0 and 1), interleaved the way a merged log can be. */
const twoEpisodes = () =>
  writeLines(file('session.csv'), [
    'timestamp,episode_index,x',
    '0.0,0,1',
    '0.0,1,10',
    '0.1,0,2',
    '0.1,1,11',
    '0.2,1,12',
  ]);

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(file('ws'));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

describe('re-import', () => {
  it('importing the same files twice adds nothing and names the episode each one made', async () => {
    const clip = makeClip(file('a.mp4'));
    writeLines(file('a.csv'), ['timestamp,x', '0,1', '0.1,2']);
    const log = writeLines(file('b.jsonl'), ['{"t": 0, "x": 1}', '{"t": 0.1, "x": 2}']);
    const first = await run([clip, log]);
    expect(first.errors).toEqual([]);
    expect(first.episodes).toHaveLength(2);
    const before = inventory(ws);
    const again = await run([clip, log], 'elsewhere');
    expect(again.episodes).toEqual([]);
    expect(again.errors).toEqual([]);
    expect(again.skipped).toEqual([
      {
        path: clip,
        locator: '',
        episodeId: first.episodes[0]!.id,
        episodeIds: [first.episodes[0]!.id],
        reason: expect.stringMatching(/^already imported as episode .* in dataset "default"$/),
      },
      expect.objectContaining({ path: log, locator: '', episodeIds: [first.episodes[1]!.id] }),
    ]);
    expect(inventory(ws)).toEqual(before);
  });

  it('two imports of one file racing in two processes write it once', async () => {
    const clip = makeClip(file('race.mp4'));
    const other = Workspace.open(ws.dir);
    try {
      const [a, b] = await Promise.all([run([clip]), run([clip], 'default', other)]);
      expect(a.episodes.length + b.episodes.length).toBe(1);
      expect(a.skipped.length + b.skipped.length).toBe(1);
    } finally {
      other.close();
    }
    expect(inventory(ws)).toMatchObject({ episodes: 1, streams: 1, blobRows: 3, blobFiles: 3, tmpFiles: 0 });
  });
});

describe('a log of several episodes', () => {
  it('becomes one episode per episode_index value, and importing it again adds nothing', async () => {
    const log = twoEpisodes();
    const r = await run([log]);
    expect(r.errors).toEqual([]);
    expect(r.episodes.map((e) => e.streams)).toEqual([
      [{ name: 'teleop', kind: 'series', frames: 2 }],
      [{ name: 'teleop', kind: 'series', frames: 3 }],
    ]);
    expect(names()).toEqual(['session#0', 'session#1']);
    const second = catalog().getEpisode(r.episodes[1]!.id);
    expect(second.streamDetails[0]!.columns).toEqual(['x']);
    const values = new Float32Array((await ws.blobs.read(second.streamDetails[0]!.blob)).buffer.slice(0));
    expect([...values]).toEqual([10, 11, 12]);
    expect(second.metadata).toEqual({ source: { files: [log], locator: 'episode_index=1' } });
    expect(second.durationNs).toBe(300_000_000);

    const again = await run([log]);
    expect(again.episodes).toEqual([]);
    expect(again.skipped.map((s) => [s.locator, s.episodeIds])).toEqual([
      ['episode_index=0', [r.episodes[0]!.id]],
      ['episode_index=1', [r.episodes[1]!.id]],
    ]);
    expect(again.skipped[1]!.reason).toMatch(/^episode_index=1: already imported as episode /);
    expect(inventory(ws).episodes).toBe(2);
  });

  it('a JSONL log splits by its `episode` field', async () => {
    const log = writeLines(file('run.jsonl'), [
      '{"t": 0, "episode": 3, "x": 1}',
      '{"t": 0.1, "episode": 3, "x": 2}',
      '{"t": 0, "episode": 7, "x": 3}',
    ]);
    const r = await run([log]);
    expect(r.errors).toEqual([]);
    expect(names()).toEqual(['run#3', 'run#7']);
  });

  it('one episode_index value next to a video is that video’s episode', async () => {
    const clip = makeClip(file('ep.mp4'));
    writeLines(file('ep.csv'), ['timestamp,episode_index,x', '0,4,1', '0.1,4,2']);
    const r = await run([clip]);
    expect(r.errors).toEqual([]);
    expect(names()).toEqual(['ep']);
    expect(r.episodes[0]!.streams.map((s) => s.name)).toEqual(['camera', 'teleop']);
  });

  it('several episode_index values next to a video are refused, naming the log', async () => {
    const clip = makeClip(file('session.mp4'));
    const log = twoEpisodes();
    const r = await run([clip]);
    expect(r.episodes).toEqual([]);
    expect(r.errors).toEqual([
      {
        path: log,
        message: expect.stringMatching(
          /session\.csv: holds 2 episodes \(episode_index 0, 1\) but the video .*session\.mp4 beside it is one episode/,
        ),
      },
    ]);
    expect(inventory(ws)).toMatchObject({ episodes: 0, blobFiles: 0, tmpFiles: 0 });
  });

  it('an episode_index that is not a whole number is refused, naming the line', async () => {
    const log = writeLines(file('bad.csv'), ['timestamp,episode_index,x', '0,0,1', '0.1,1.5,2']);
    const r = await run([log]);
    expect(r.errors).toEqual([
      {
        path: log,
        message: expect.stringMatching(/line 3, column "episode_index": 1\.5 is not an episode number/),
      },
    ]);
  });
});

describe('re-import after a split', () => {
  it('reports the visible parts, not the hidden recording', async () => {
    const clip = makeClip(file('long.mp4'), { seconds: 4 });
    const [imported] = (await run([clip])).episodes;
    const split = await new EpisodeParts(ws).split(imported!.id, [1e9, 2.5e9]);
    const parts = split.created.map((e) => e.id);
    const again = await run([clip]);
    expect(again.episodes).toEqual([]);
    expect(again.skipped).toEqual([
      {
        path: clip,
        locator: '',
        episodeId: parts[0],
        episodeIds: parts,
        reason: expect.stringMatching(
          `already imported as episode ${imported!.id} .*, now parts ${parts.join(', ')}`,
        ),
      },
    ]);
  });

  it('of one episode of a log, reports that one’s parts and the other episode itself', async () => {
    const r = await run([twoEpisodes()]);
    const [first, second] = r.episodes;
    const split = await new EpisodeParts(ws).split(second!.id, [150_000_000]);
    const again = await run([file('session.csv')]);
    expect(again.skipped.map((s) => s.episodeIds)).toEqual([[first!.id], split.created.map((e) => e.id)]);
  });
});

describe('a workspace from before episode sources', () => {
  const sourcesMigration = migrations.findIndex((m) => m.includes('CREATE TABLE episode_sources'));

  /** A workspace at the schema just before the source keys, holding old-style imported rows. */
  function oldWorkspace(dir: string, rows: { id: string; hash: string; createdAt: string }[]) {
    ws.close();
    mkdirSync(dir);
    const db = new Database(path.join(dir, DB_FILE));
    for (const step of migrations.slice(0, sourcesMigration)) db.exec(step);
    db.pragma(`user_version = ${sourcesMigration}`);
    db.prepare("INSERT INTO datasets (id, name, created_at) VALUES ('ds_old', 'old', '2024-01-01')").run();
    const insert = db.prepare(
      `INSERT INTO episodes (id, dataset_id, name, duration_ns, source_path, source_hash, metadata, created_at)
       VALUES (?, 'ds_old', ?, 1000000000, '/gone/file', ?, '{}', ?)`,
    );
    for (const r of rows) insert.run(r.id, r.id, r.hash, r.createdAt);
    db.close();
    ws = Workspace.open(dir);
  }

  it('keys old imports by their whole file, so a re-import still finds them', async () => {
    expect(sourcesMigration).toBeGreaterThan(0);
    const clip = makeClip(file('old.mp4'));
    const hash = await hashFile(clip);
    // Two rows of one file (two imports that raced before the key existed): the older keeps the key.
    oldWorkspace(file('old-ws'), [
      { id: 'ep_newer', hash, createdAt: '2024-02-02' },
      { id: 'ep_older', hash, createdAt: '2024-01-01' },
    ]);
    const r = await run([clip]);
    expect(r.episodes).toEqual([]);
    expect(r.skipped).toEqual([
      expect.objectContaining({ path: clip, locator: '', episodeId: 'ep_older', episodeIds: ['ep_older'] }),
    ]);
    expect(inventory(ws).episodes).toBe(2);
  });

  it('reports a log imported whole before once, and imports nothing of it again', async () => {
    const log = twoEpisodes();
    oldWorkspace(file('old-ws'), [{ id: 'ep_whole', hash: await hashFile(log), createdAt: '2024-01-01' }]);
    const r = await run([log]);
    expect(r.episodes).toEqual([]);
    expect(r.skipped).toEqual([
      {
        path: log,
        locator: '',
        episodeId: 'ep_whole',
        episodeIds: ['ep_whole'],
        reason: expect.stringMatching(/^already imported whole, as one episode: episode ep_whole/),
      },
    ]);
  });
});

describe('episode summaries', () => {
  it('carry the trim, hidden state and tags, and pass their schema', async () => {
    const [a, b] = (await run([twoEpisodes()])).episodes;
    setTrim(ws, a!.id, 0.05, 0.15);
    catalog().setTags(b!.id, ['pick'], ws.audit);
    const listed = EpisodeSummarySchema.array().parse(catalog().listEpisodes({ sort: 'name' }).items);
    expect(listed.map((e) => [e.name, e.trim, e.hidden, e.tags])).toEqual([
      ['session#0', { startNs: 50_000_000, endNs: 150_000_000 }, false, []],
      ['session#1', null, false, ['pick']],
    ]);
    await new EpisodeParts(ws).split(a!.id, [100_000_000]);
    expect(catalog().getSummary(a!.id)).toMatchObject({ hidden: true, trim: { startNs: 50_000_000 } });
  });
});
