import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/importers/importPaths';
import { hashFile } from '../../src/workspace/blobs';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { EGOBLUR, inventory, makeClip, mediaTools, tempDir, writeLines } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
const run = (paths: string[], dataset = 'default') =>
  importPaths(ws, paths, { dataset, tools: mediaTools() });
const file = (name: string) => path.join(tmp.dir, name);

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(file('ws'));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

describe('video import', () => {
  it('imports the EgoBlur clip with ffprobe frame count, per-frame timestamps and a thumbnail', async () => {
    const before = await hashFile(EGOBLUR);
    const r = await run([EGOBLUR]);
    expect(r.errors).toEqual([]);
    expect(r.episodes).toHaveLength(1);
    expect(r.episodes[0]!.streams).toEqual([{ name: 'camera', kind: 'video', frames: 600 }]);
    const ep = new Catalog(ws.db).getEpisode(r.episodes[0]!.id);
    const video = ep.streamDetails[0]!;
    expect(video.video).toMatchObject({ codec: 'h264', width: 608, height: 1080 });
    expect(video.video!.fps).toBeCloseTo(30, 1);
    const ts = new BigInt64Array((await ws.blobs.read(video.timestampsBlob)).buffer.slice(0));
    expect(ts.length).toBe(600);
    expect(ts[0]).toBe(0n);
    expect(Number(ts[1]! - ts[0]!)).toBeCloseTo(1e9 / 30, -3);
    expect(ep.durationNs).toBe(20_000_000_000);
    // The thumbnail is a real JPEG and the stored video is byte-identical to the original.
    const jpeg = await ws.blobs.read(ep.thumbnailBlob!);
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(video.blob).toBe(before);
    expect(await hashFile(EGOBLUR)).toBe(before);
  });

  it('pairs a video with CSV and JSONL teleop logs and splits streams by column prefix', async () => {
    const clip = makeClip(file('ep1.mp4'));
    makeClip(file('ep1.wrist.mp4'), { seconds: 1 });
    writeLines(file('ep1.csv'), [
      'timestamp,observation.state.x,observation.state.y,action.x',
      '0.0,1,2,3',
      '0.1,1.5,2.5,3.5',
      '0.2,2,3,4',
    ]);
    writeLines(file('ep1.gripper.jsonl'), [
      '{"timestamp_ns": 0, "width": 0.5, "force": [1, 2]}',
      '{"timestamp_ns": 50000000, "width": 0.4, "force": [1.5, 2.5]}',
    ]);
    const r = await run([clip]);
    expect(r.errors).toEqual([]);
    const streams = Object.fromEntries(r.episodes[0]!.streams.map((s) => [s.name, s]));
    expect(Object.keys(streams).sort()).toEqual([
      'action',
      'camera',
      'gripper',
      'observation.state',
      'wrist',
    ]);
    expect(streams.camera!.frames).toBe(20);
    expect(streams.wrist!.frames).toBe(10);
    expect(streams['observation.state']!.frames).toBe(3);
    const ep = new Catalog(ws.db).getEpisode(r.episodes[0]!.id);
    const state = ep.streamDetails.find((s) => s.name === 'observation.state')!;
    expect(state.columns).toEqual(['x', 'y']);
    const values = new Float32Array((await ws.blobs.read(state.blob)).buffer.slice(0));
    expect([...values]).toEqual([1, 2, 1.5, 2.5, 2, 3]);
    const gripper = ep.streamDetails.find((s) => s.name === 'gripper')!;
    expect(gripper.columns).toEqual(['width', 'force.0', 'force.1']);
  });

  it('imports every recording in a folder and detects a second import of the same file by content', async () => {
    makeClip(file('a.mp4'));
    makeClip(file('b.mp4'), { seconds: 1 });
    copyFileSync(file('a.mp4'), file('copy-of-a.mp4'));
    const first = await run([tmp.dir + '/a.mp4', tmp.dir + '/b.mp4']);
    expect(first.episodes).toHaveLength(2);
    const again = await run([file('copy-of-a.mp4'), file('b.mp4')], 'other');
    expect(again.episodes).toHaveLength(0);
    expect(again.skipped.map((s) => s.episodeId).sort()).toEqual(first.episodes.map((e) => e.id).sort());
    expect(inventory(ws).episodes).toBe(2);
  });

  it('keeps absolute (epoch) teleop times relative to the first sample', async () => {
    writeLines(file('log.csv'), ['timestamp,a', '1700000000.0,1', '1700000000.5,2']);
    const r = await run([file('log.csv')]);
    expect(r.errors).toEqual([]);
    const ep = new Catalog(ws.db).getEpisode(r.episodes[0]!.id);
    const ts = new BigInt64Array((await ws.blobs.read(ep.streamDetails[0]!.timestampsBlob)).buffer.slice(0));
    expect([...ts]).toEqual([0n, 500_000_000n]);
  });
});

describe('bad input', () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      'an empty video',
      () => [(writeFileSync(file('empty.mp4'), ''), file('empty.mp4'))],
      /empty\.mp4: the file is empty/,
    ],
    [
      'a file that is not a video',
      () => [(writeFileSync(file('junk.mp4'), 'not a video at all'), file('junk.mp4'))],
      /junk\.mp4: not a readable video/,
    ],
    [
      'a video cut off before its index',
      () => {
        makeClip(file('whole.mp4'), { seconds: 3 });
        writeFileSync(file('cut.mp4'), readFileSync(file('whole.mp4')).subarray(0, 3000));
        return [file('cut.mp4')];
      },
      /cut\.mp4: not a readable video/,
    ],
    [
      'a faststart video whose frames are cut off',
      () => {
        makeClip(file('fs.mp4'), {
          seconds: 4,
          args: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart'],
        });
        const bytes = readFileSync(file('fs.mp4'));
        writeFileSync(file('fscut.mp4'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
        return [file('fscut.mp4')];
      },
      /fscut\.mp4: is truncated/,
    ],
    [
      'a CSV without a timestamp column',
      () => [writeLines(file('nots.csv'), ['x,y', '1,2'])],
      /nots\.csv: no timestamp column/,
    ],
    [
      'timestamps that go backwards',
      () => [writeLines(file('back.csv'), ['timestamp,x', '0,1', '0.2,1', '0.1,1'])],
      /back\.csv: line 4: timestamp goes backwards/,
    ],
    [
      'duplicate timestamps',
      () => [writeLines(file('dup.csv'), ['timestamp,x', '0,1', '0.1,1', '0.1,2'])],
      /dup\.csv: line 4: duplicate timestamp/,
    ],
    [
      'NaN',
      () => [writeLines(file('nan.csv'), ['timestamp,x', '0,1', '0.1,NaN'])],
      /nan\.csv: line 3, column "x": "NaN" is not a finite number/,
    ],
    [
      'Infinity',
      () => [writeLines(file('inf.csv'), ['timestamp,x', '0,inf'])],
      /inf\.csv: line 2, column "x": "inf" is not a finite number/,
    ],
    [
      'ragged rows',
      () => [writeLines(file('rag.csv'), ['timestamp,x,y', '0,1,2', '0.1,1'])],
      /rag\.csv: line 3: 2 values, but the header has 3 columns/,
    ],
    [
      'a JSONL line that is not JSON',
      () => [writeLines(file('bad.jsonl'), ['{"t": 0, "x": 1}', '{"t": 0.1, "x": '])],
      /bad\.jsonl: line 2: not valid JSON/,
    ],
    [
      'a JSONL NaN written as null',
      () => [writeLines(file('null.jsonl'), ['{"t": 0, "x": 1}', '{"t": 0.1, "x": null}'])],
      /null\.jsonl: line 2, field "x": null is not a finite number/,
    ],
    ['a path that does not exist', () => [file('missing.mp4')], /missing\.mp4: cannot read \(ENOENT\)/],
    [
      'a dangling symbolic link',
      () => [(symlinkSync(file('nowhere.mp4'), file('link.mp4')), file('link.mp4'))],
      /link\.mp4: cannot read \(ENOENT\)/,
    ],
    [
      'an unsupported file type',
      () => [(writeFileSync(file('notes.txt'), 'hello'), file('notes.txt'))],
      /notes\.txt: not a supported recording/,
    ],
  ];

  it.each(cases)(
    '%s: a clear error naming the file, nothing partial left, the rest of the batch imported',
    async (_name, make, message) => {
      const good = makeClip(file('good.mp4'));
      const bad = make();
      const originals = await Promise.all(
        bad.filter((p) => !p.includes('missing') && !p.includes('link')).map(hashFile),
      );
      const r = await run([...bad, good]);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.message).toMatch(message);
      expect(r.episodes).toHaveLength(1);
      const inv = inventory(ws);
      expect(inv.episodes).toBe(1);
      // Only the good clip's blobs remain: its video, timestamps and thumbnail.
      expect(inv.blobFiles).toBe(3);
      expect(inv.blobRows).toBe(3);
      expect(inv.tmpFiles).toBe(0);
      const after = await Promise.all(
        bad.filter((p) => !p.includes('missing') && !p.includes('link')).map(hashFile),
      );
      expect(after).toEqual(originals);
    },
  );

  it('a video paired with a bad log imports nothing of that episode', async () => {
    const clip = makeClip(file('ep.mp4'));
    writeLines(file('ep.csv'), ['timestamp,x', '0,1', '0,2']);
    const r = await run([clip]);
    expect(r.episodes).toHaveLength(0);
    expect(r.errors[0]!.message).toMatch(/ep\.csv: line 3: duplicate timestamp/);
    expect(inventory(ws)).toMatchObject({ episodes: 0, streams: 0, blobRows: 0, blobFiles: 0 });
  });
});

describe('mimic CLI', () => {
  const mimic = (...args: string[]) => {
    try {
      return {
        code: 0,
        out: execFileSync(process.execPath, ['bin/mimic.mjs', ...args], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { code: err.status, out: err.stdout, err: err.stderr };
    }
  };

  it('init, import --json and list --json report the clip with 600 frames', () => {
    const cliWs = file('cli-ws');
    expect(mimic('init', cliWs).code).toBe(0);
    const imported = mimic('import', cliWs, EGOBLUR, '--dataset', 'faces', '--json');
    expect(imported.code, imported.err).toBe(0);
    const result = JSON.parse(imported.out) as {
      episodes: { id: string; dataset: string; streams: unknown[] }[];
      errors: unknown[];
    };
    expect(result.errors).toEqual([]);
    expect(result.episodes).toEqual([
      { id: expect.any(String), dataset: 'faces', streams: [{ name: 'camera', kind: 'video', frames: 600 }] },
    ]);
    const listed = JSON.parse(mimic('list', cliWs, '--json').out) as {
      episodes: { id: string; durationNs: number }[];
    };
    expect(listed.episodes).toMatchObject([
      { id: result.episodes[0]!.id, dataset: 'faces', durationNs: 20e9 },
    ]);
  });

  it('exits non-zero and reports each failed input in --json', () => {
    const cliWs = file('cli-ws2');
    mimic('init', cliWs);
    writeLines(file('bad.csv'), ['x', '1']);
    const r = mimic('import', cliWs, file('bad.csv'), makeClip(file('ok.mp4')), '--json');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out) as { episodes: unknown[]; errors: { path: string; message: string }[] };
    expect(result.episodes).toHaveLength(1);
    expect(result.errors).toEqual([
      { path: file('bad.csv'), message: expect.stringMatching(/no timestamp column/) },
    ]);
  });

  it('refuses a folder that is not a workspace, with the command to create one', () => {
    const r = mimic('list', file('nope'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not a Mimic Studio workspace .*mimic init/);
  });
});
