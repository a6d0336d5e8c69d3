import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EpisodeSummarySchema } from '../../src/common/api';
import { importPaths, type ImportOptions } from '../../src/importers/importPaths';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { inventory, makeClip, mediaTools, tempDir, writeLines } from '../helpers/workspace';

// Findings of issue 11 about inputs that hung, overflowed or imported nothing without saying so.

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
const file = (name: string) => path.join(tmp.dir, name);
const run = (paths: string[], opts: Partial<ImportOptions> = {}) =>
  importPaths(ws, paths, { dataset: 'default', tools: mediaTools(), ...opts });
/** Every library listing must still pass its own output schema. */
const listingParses = () =>
  EpisodeSummarySchema.array().parse(new Catalog(ws.db).listEpisodes({ limit: 1000 }).items);

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(file('ws'));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

/** Resolves within `ms` or fails the test, so a hang shows up as a failure rather than a stuck run. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('finding 3: files that are not regular files', () => {
  const mkfifo = (name: string) => {
    execFileSync('mkfifo', [file(name)]);
    return file(name);
  };
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it.each(['pipe.csv', 'pipe.jsonl', 'pipe.mp4'])(
    'a FIFO named %s is refused at once, naming it',
    async (name) => {
      const fifo = mkfifo(name);
      const r = await within(5000, run([fifo]));
      expect(r.errors).toEqual([
        { path: fifo, message: expect.stringMatching(/pipe\.\w+: not a regular file \(a FIFO/) },
      ]);
      expect(inventory(ws)).toMatchObject({ episodes: 0, blobFiles: 0, tmpFiles: 0 });
    },
  );

  it('a FIFO inside a folder is refused and the folder’s other recordings import', async () => {
    mkdirSync(file('in'));
    const fifo = path.join(file('in'), 'stuck.csv');
    execFileSync('mkfifo', [fifo]);
    writeLines(path.join(file('in'), 'ok.csv'), ['timestamp,x', '0,1', '0.1,2']);
    const r = await within(5000, run([file('in')]));
    expect(r.episodes).toHaveLength(1);
    expect(r.errors).toEqual([
      { path: fifo, message: expect.stringMatching(/stuck\.csv: not a regular file/) },
    ]);
  });

  it('a FIFO next to a named video fails that episode, naming the FIFO', async () => {
    const clip = makeClip(file('ep.mp4'));
    const fifo = mkfifo('ep.csv');
    const r = await within(5000, run([clip]));
    expect(r.episodes).toHaveLength(0);
    expect(r.errors).toEqual([{ path: fifo, message: expect.stringMatching(/ep\.csv: not a regular file/) }]);
  });

  it('a socket and a link to a device are refused, naming them', async () => {
    mkdirSync(file('odd'));
    const sock = path.join(file('odd'), 'sock.jsonl');
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(sock, resolve));
    const zero = path.join(file('odd'), 'zero.mp4');
    symlinkSync('/dev/zero', zero);
    const r = await within(5000, run([file('odd')]));
    expect(r.episodes).toHaveLength(0);
    expect(r.errors.map((e) => e.message).sort()).toEqual([
      expect.stringMatching(/sock\.jsonl: not a regular file \(a socket/),
      expect.stringMatching(/zero\.mp4: not a regular file \(a character device/),
    ]);
  });

  it('a tool that stalls is stopped after the read time limit, naming the file', async () => {
    const clip = makeClip(file('slow.mp4'));
    const stall = file('stall.sh');
    writeFileSync(stall, '#!/bin/sh\nsleep 30\n');
    chmodSync(stall, 0o755);
    const started = Date.now();
    const r = await within(
      5000,
      run([clip], { tools: { ffmpeg: stall, ffprobe: stall }, readTimeoutMs: 300 }),
    );
    expect(Date.now() - started).toBeLessThan(4000);
    expect(r.errors).toEqual([
      { path: clip, message: expect.stringMatching(/slow\.mp4: .*took longer than/) },
    ]);
    expect(inventory(ws)).toMatchObject({ episodes: 0, blobFiles: 0, tmpFiles: 0 });
  });
});

describe('finding 4: values and times out of range', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a CSV value beyond float32',
      ['timestamp,x', '0,1', '0.1,1e39'],
      /big\.csv: line 3, column "x": 1e39 is outside the float32 range/,
    ],
    [
      'a negative CSV value beyond float32',
      ['timestamp,x', '0,-4e38'],
      /big\.csv: line 2, column "x": -4e38 is outside the float32 range/,
    ],
    [
      'seconds that overflow int64 nanoseconds',
      ['timestamp,x', '0,1', '10000000000,2'],
      /big\.csv: line 3, column "timestamp": 10000000000 s is out of range/,
    ],
    [
      'an episode longer than the longest plausible one',
      ['timestamp,x', '0,1', '90000,2'],
      /big\.csv: line 3: .*more than the 24 h an episode may last/,
    ],
  ];
  it.each(cases)('%s is refused, naming the file and line', async (_name, lines, message) => {
    const r = await run([writeLines(file('big.csv'), lines)]);
    expect(r.episodes).toEqual([]);
    expect(r.errors).toEqual([{ path: file('big.csv'), message: expect.stringMatching(message) }]);
    expect(listingParses()).toEqual([]);
  });

  it('a JSONL value beyond float32 is refused, naming the field', async () => {
    const log = writeLines(file('big.jsonl'), ['{"t": 0, "x": {"y": 1}}', '{"t": 0.1, "x": {"y": 3.5e38}}']);
    const r = await run([log]);
    expect(r.errors[0]!.message).toMatch(
      /big\.jsonl: line 2, field "x\.y": 3\.5e\+38 is outside the float32 range/,
    );
  });

  it('the largest float32 value and epoch nanoseconds still import', async () => {
    const log = writeLines(file('edge.csv'), [
      'timestamp_ns,x',
      '1700000000000000000,3.4028234663852886e38',
      '1700000000100000000,-3.4028234663852886e38',
    ]);
    const r = await run([log]);
    expect(r.errors).toEqual([]);
    expect(listingParses()).toMatchObject([{ durationNs: 200_000_000 }]);
  });
});

describe('finding 6: requests that find nothing say so', () => {
  it('an empty folder is an error naming it', async () => {
    mkdirSync(file('empty'));
    const r = await run([file('empty')]);
    expect(r.episodes).toEqual([]);
    expect(r.errors).toEqual([
      { path: file('empty'), message: expect.stringMatching(/empty: no recordings in this folder/) },
    ]);
  });

  it('a folder named like a video is an error naming it', async () => {
    mkdirSync(file('x.mp4'));
    const r = await run([file('x.mp4')]);
    expect(r.errors).toEqual([
      { path: file('x.mp4'), message: expect.stringMatching(/x\.mp4: no recordings in this folder/) },
    ]);
  });

  it('a folder of other files lists each one as ignored, with the reason', async () => {
    mkdirSync(file('docs'));
    writeFileSync(path.join(file('docs'), 'notes.txt'), 'hello');
    mkdirSync(file('elsewhere'));
    symlinkSync(file('elsewhere'), path.join(file('docs'), 'more'));
    const r = await run([file('docs')]);
    expect(r.errors).toEqual([
      {
        path: file('docs'),
        message: expect.stringMatching(/docs: no recordings in this folder \(2 entries ignored\)/),
      },
    ]);
    expect(r.ignored).toEqual([
      { path: path.join(file('docs'), 'more'), reason: 'a symbolic link to a folder (not followed)' },
      {
        path: path.join(file('docs'), 'notes.txt'),
        reason: expect.stringMatching(/^not a supported recording/),
      },
    ]);
  });

  it('a folder whose only file is a symbolic link imports the file it points to', async () => {
    const log = writeLines(file('real.csv'), ['timestamp,x', '0,1', '0.1,2']);
    mkdirSync(file('linked'));
    symlinkSync(log, path.join(file('linked'), 'run.csv'));
    const r = await run([file('linked')]);
    expect(r.errors).toEqual([]);
    expect(r.episodes).toHaveLength(1);
  });

  it('a link to nothing inside a folder is an error naming it', async () => {
    mkdirSync(file('dangling'));
    const link = path.join(file('dangling'), 'run.csv');
    symlinkSync(file('gone.csv'), link);
    const r = await run([file('dangling')]);
    expect(r.errors).toEqual([
      { path: link, message: expect.stringMatching(/run\.csv: a symbolic link to nothing \(ENOENT\)/) },
    ]);
  });
});

describe('finding 10: messages that said the wrong thing', () => {
  it('deeply nested JSONL says how deep and where', async () => {
    const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const log = writeLines(file('deep.jsonl'), ['{"t": 0, "x": 1}', `{"t": 0.1, "x": ${deep}}`]);
    const r = await run([log]);
    expect(r.errors).toEqual([
      { path: log, message: expect.stringMatching(/deep\.jsonl: line 2: nested too deeply/) },
    ]);
  });

  it('a 1e300 s timestamp is out of range, not a duplicate', async () => {
    const log = writeLines(file('huge.jsonl'), ['{"t": 1e300, "x": 1}', '{"t": 2e300, "x": 2}']);
    const r = await run([log]);
    expect(r.errors).toEqual([
      {
        path: log,
        message: expect.stringMatching(/huge\.jsonl: line 1, field "t": 1e\+300 s is out of range/),
      },
    ]);
  });
});
