import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Episode } from '../../src/common/api';
import { exportLerobotV3 } from '../../src/exporters/lerobotV3';
import { importPaths } from '../../src/importers/importPaths';
import { probeVideo } from '../../src/media/probe';
import { readTimestamps } from '../../src/series/readSeries';
import { SegmentStore } from '../../src/segments/store';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { appleWithVideo, G1_V21 } from '../helpers/lerobot';
import { writeTfRecording } from '../helpers/tfRecording';
import { makeClip, mediaTools, tempDir, writeLines } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
  vi.stubEnv('MIMIC_USER', 'ada');
  vi.stubEnv('MIMIC_USER_ROLE', 'curator');
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
  vi.unstubAllEnvs();
});

const importInto = async (w: Workspace, dir: string, dataset: string) => {
  const r = await importPaths(w, [dir], { dataset, tools: mediaTools() });
  expect(r.errors).toEqual([]);
  return r.episodes.map((e) => new Catalog(w.db).getEpisode(e.id));
};

const exportTo = (dataset: string, name: string, extra: { excludeTags?: string[] } = {}) =>
  exportLerobotV3(ws, mediaTools(), {
    dataset,
    format: 'lerobot-v3',
    out: path.join(tmp.dir, name),
    excludeTags: extra.excludeTags ?? ['rejected', 'flagged'],
  });

/** Every stream of an episode as plain values: name, kind, frames, columns, times, and a series' values. */
async function contents(w: Workspace, e: Episode) {
  return Promise.all(
    e.streamDetails.map(async (s) => ({
      name: s.name,
      kind: s.kind,
      frames: s.frames,
      columns: s.columns,
      times: s.kind === 'series' ? [...(await readTimestamps(w.blobs, s.timestampsBlob))] : null,
      values: s.kind === 'series' ? Buffer.from(await w.blobs.read(s.blob)).toString('base64') : null,
    })),
  );
}

describe('LeRobot v3.0 export', () => {
  it('round trip of the G1 v2.1 episodes: the same episodes, frames, values and timestamps', async () => {
    const before = await importInto(ws, G1_V21, 'g1');
    const result = await exportTo('g1', 'g1-v3');
    expect(result.frames).toBe(736);
    expect(result.files).toEqual([
      'data/chunk-000/file-000.parquet',
      'meta/episodes/chunk-000/file-000.parquet',
      'meta/info.json',
      'meta/provenance.json',
      'meta/stats.json',
      'meta/tasks.parquet',
      'videos/observation.images.cam_high/chunk-000/file-000.mp4',
    ]);
    const info = JSON.parse(readFileSync(path.join(result.out, 'meta/info.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({
      codebase_version: 'v3.0',
      robot_type: 'Unitree_G1_Inspire',
      fps: 30,
      total_episodes: 2,
      total_frames: 736,
      total_tasks: 1,
      splits: { train: '0:2' },
    });

    // Camera statistics as LeRobot keeps them: per channel, shaped [3][1][1], in [0, 1].
    const episodesMeta = await parquetReadObjects({
      file: await asyncBufferFromFile(path.join(result.out, 'meta/episodes/chunk-000/file-000.parquet')),
      columns: ['stats/observation.images.cam_high/mean', 'stats/observation.images.cam_high/count'],
    });
    const mean = episodesMeta[0]!['stats/observation.images.cam_high/mean'] as number[][][];
    expect(mean.map((c) => c.length * c[0]!.length)).toEqual([1, 1, 1]);
    for (const c of mean) expect(c[0]![0]).toBeGreaterThan(0.05);
    for (const c of mean) expect(c[0]![0]).toBeLessThan(0.95);
    expect(episodesMeta.map((r) => r['stats/observation.images.cam_high/count'])).toEqual([[100n], [100n]]);
    const stats = JSON.parse(readFileSync(path.join(result.out, 'meta/stats.json'), 'utf8')) as Record<
      string,
      { count: number[] }
    >;
    expect(stats['observation.images.cam_high']!.count).toEqual([200]);
    expect(stats['observation.state']!.count).toEqual([736]);

    const other = Workspace.init(path.join(tmp.dir, 'ws2'));
    try {
      const after = await importInto(other, result.out, 'back');
      expect(after).toHaveLength(2);
      for (const [i, e] of after.entries()) {
        expect(await contents(other, e)).toEqual(await contents(ws, before[i]!));
        expect(e.metadata).toMatchObject({
          instructions: ['Pick up the yellow bottle on the table.'],
          lerobot: { codebaseVersion: 'v3.0', fps: 30, robotType: 'Unitree_G1_Inspire', episodeIndex: i },
        });
      }
      // Exported again, the same data writes the same rows: nothing new on a second import.
      const again = await importPaths(other, [result.out], { dataset: 'back', tools: mediaTools() });
      expect(again.skipped).toHaveLength(2);
    } finally {
      other.close();
    }
  });

  it('applies trims, leaves out rejected episodes and records where each came from and who edited it', async () => {
    const eps = await importInto(ws, appleWithVideo(tmp.dir), 'apple');
    const segments = new SegmentStore(ws);
    segments.setTrim(eps[0]!.id, { startNs: 1_000_000_000, endNs: 5_000_000_000 });
    new Catalog(ws.db).setTags(eps[1]!.id, ['rejected'], ws.audit);
    const result = await exportTo('apple', 'apple-v3');
    // Episode 0 keeps its frames from 1 s up to 5 s: 120 of them, at 30 fps.
    expect(result.episodes).toEqual([
      { id: eps[0]!.id, episodeIndex: 0, frames: 120 },
      { id: eps[2]!.id, episodeIndex: 1, frames: 300 },
    ]);
    const provenance = JSON.parse(readFileSync(path.join(result.out, 'meta/provenance.json'), 'utf8')) as {
      exportedBy: { name: string };
      episodes: {
        id: string;
        trim: unknown;
        source: { sha256: string; keys: unknown[] };
        edits: { actor: string; action: string }[];
      }[];
    };
    expect(provenance.exportedBy.name).toBe('ada');
    expect(provenance.episodes[0]).toMatchObject({
      id: eps[0]!.id,
      trim: { startNs: 1_000_000_000, endNs: 5_000_000_000 },
      source: {
        sha256: eps[0]!.sourceHash,
        keys: [{ hash: eps[0]!.sourceHash, locator: 'episode_index=0' }],
      },
      edits: [{ actor: 'ada', action: 'episode.trim' }],
    });

    const other = Workspace.init(path.join(tmp.dir, 'ws2'));
    try {
      const back = await importInto(other, result.out, 'back');
      expect(back.map((e) => e.streamDetails.map((s) => s.frames))).toEqual([
        [120, 120, 120],
        [300, 300, 300],
      ]);
      const original = await contents(ws, eps[2]!);
      expect(await contents(other, back[1]!)).toEqual(original);
      const trimmed = (await contents(other, back[0]!)).find((s) => s.name === 'observation.state')!;
      expect(trimmed.times?.[0]).toBe(0);
      expect(trimmed.times?.[119]).toBe(3_966_667_000);
    } finally {
      other.close();
    }
  });

  it('exports a video with a CSV log (not from LeRobot) at the rate of the log, and reads back the same', async () => {
    const clip = makeClip(path.join(tmp.dir, 'ep1.mp4'), { seconds: 2, fps: 10 });
    writeLines(path.join(tmp.dir, 'ep1.csv'), [
      'timestamp,observation.state.shoulder_pan.pos,observation.state.gripper.pos,action.shoulder_pan.pos',
      ...Array.from({ length: 20 }, (_, i) => `${i / 10},${i},${i % 3},${-i}`),
    ]);
    const [episode] = await importInto(ws, clip, 'csv');
    const result = await exportTo('csv', 'csv-v3');
    expect(result.episodes.map((e) => e.frames)).toEqual([20]);
    const info = JSON.parse(readFileSync(path.join(result.out, 'meta/info.json'), 'utf8')) as {
      fps: number;
      features: Record<string, { names: unknown }>;
    };
    expect(info.fps).toBe(10);
    expect(info.features['observation.state']!.names).toEqual(['shoulder_pan.pos', 'gripper.pos']);
    const other = Workspace.init(path.join(tmp.dir, 'ws2'));
    try {
      const [back] = await importInto(other, result.out, 'back');
      const byName = async (w: Workspace, e: Episode) =>
        Object.fromEntries((await contents(w, e)).map((s) => [s.name, s]));
      const was = await byName(ws, episode!);
      const now = await byName(other, back!);
      expect(now['observation.state']).toEqual(was['observation.state']);
      expect(now.action).toEqual(was.action);
      expect(now.camera!.frames).toBe(20);
    } finally {
      other.close();
    }
  });

  it('a camera at another rate than the rows shows, at each row, its latest frame at or before it', async () => {
    // A 24 fps camera whose frame N is the flat grey 16 + 3N; joint states at 30 Hz make the rows.
    const clip = makeClip(path.join(tmp.dir, 'ep24.mp4'), {
      seconds: 2,
      fps: 24,
      source: 'color',
      args: ['-vf', "geq=lum='16+3*N':cb=128:cr=128", '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '12'],
    });
    writeLines(path.join(tmp.dir, 'ep24.csv'), [
      'timestamp,observation.state.a,action.a',
      ...Array.from({ length: 60 }, (_, i) => `${(i / 30).toFixed(6)},${i},${-i}`),
    ]);
    const [episode] = await importInto(ws, clip, 'rates');
    // Trimmed to start at 0.51 s, between two camera frames (12 at 0.5 s, 13 at 0.5417 s).
    new SegmentStore(ws).setTrim(episode!.id, { startNs: 510_000_000, endNs: 1_900_000_000 });
    const result = await exportTo('rates', 'rates-v3');
    const rows = result.episodes[0]!.frames;
    const greys = (file: string) => [
      ...execFileSync(mediaTools()!.ffmpeg, [
        '-v',
        'error',
        '-i',
        file,
        '-vf',
        'scale=1:1',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        '-',
      ]),
    ];
    const source = greys(clip);
    const shown = greys(
      path.join(
        result.out,
        result.files.find((f) => f.endsWith('.mp4'))!,
      ),
    );
    expect(shown).toHaveLength(rows);
    const frameOf = (g: number) =>
      source.reduce((best, v, j) => (Math.abs(v - g) < Math.abs(source[best]! - g) ? j : best), 0);
    // Rows lie at 16/30 s, 17/30 s, …: the first joint-state sample inside the trim, then every 1/30 s.
    const want = Array.from({ length: rows }, (_, k) => Math.floor(((16 + k) / 30) * 24 + 1e-9));
    expect(shown.map(frameOf)).toEqual(want);
  });

  it('splits data and video files at the size limits as LeRobot does, and the episodes rows point into them', async () => {
    const before = await importInto(ws, appleWithVideo(tmp.dir), 'apple');
    const result = await exportLerobotV3(ws, mediaTools(), {
      dataset: 'apple',
      format: 'lerobot-v3',
      out: path.join(tmp.dir, 'apple-split'),
      excludeTags: [],
      // 188 bytes a row (before compression): two episodes of 300 rows share the first data file, the third would reach the limit.
      dataFilesSizeMb: 0.15,
      videoFilesSizeMb: 0.05,
    });
    const dataFiles = result.files.filter((f) => f.startsWith('data/'));
    const videoFiles = result.files.filter((f) => f.startsWith('videos/'));
    expect(dataFiles).toEqual(['data/chunk-000/file-000.parquet', 'data/chunk-000/file-001.parquet']);
    expect(videoFiles.length).toBeGreaterThan(1);
    const info = JSON.parse(readFileSync(path.join(result.out, 'meta/info.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({ data_files_size_in_mb: 0.15, video_files_size_in_mb: 0.05 });
    const rows = await parquetReadObjects({
      file: await asyncBufferFromFile(path.join(result.out, 'meta/episodes/chunk-000/file-000.parquet')),
    });
    const key = 'observation.image';
    const file = (kind: string, chunk: unknown, index: unknown) =>
      kind === 'data'
        ? `data/chunk-${String(chunk).padStart(3, '0')}/file-${String(index).padStart(3, '0')}.parquet`
        : `videos/${key}/chunk-${String(chunk).padStart(3, '0')}/file-${String(index).padStart(3, '0')}.mp4`;
    // Every data file is named by an episode, in order, and holds exactly its episodes' rows.
    const named = rows.map((r) => file('data', r['data/chunk_index'], r['data/file_index']));
    expect([...new Set(named)]).toEqual(dataFiles);
    for (const f of dataFiles) {
      const inFile = rows.filter((_, k) => named[k] === f);
      const got = await parquetReadObjects({
        file: await asyncBufferFromFile(path.join(result.out, f)),
        columns: ['episode_index', 'index', 'frame_index'],
      });
      const expected = inFile.flatMap((r) =>
        Array.from({ length: Number(r.dataset_to_index) - Number(r.dataset_from_index) }, (_, i) => ({
          episode_index: r.episode_index,
          index: BigInt(Number(r.dataset_from_index) + i),
          frame_index: BigInt(i),
        })),
      );
      expect(got).toEqual(expected);
    }
    // Each video file starts at 0 for its first episode, and holds its episodes' frames end to end.
    const videoNamed = rows.map((r) =>
      file('video', r[`videos/${key}/chunk_index`], r[`videos/${key}/file_index`]),
    );
    expect([...new Set(videoNamed)]).toEqual(videoFiles);
    for (const f of videoFiles) {
      const inFile = rows.filter((_, k) => videoNamed[k] === f);
      expect(inFile[0]![`videos/${key}/from_timestamp`]).toBe(0);
      for (let i = 1; i < inFile.length; i++) {
        expect(inFile[i]![`videos/${key}/from_timestamp`]).toBe(inFile[i - 1]![`videos/${key}/to_timestamp`]);
      }
      const frames = (await probeVideo(mediaTools()!, path.join(result.out, f))).timestampsNs.length;
      expect(frames).toBe(inFile.reduce((a, r) => a + Number(r.length), 0));
    }

    const other = Workspace.init(path.join(tmp.dir, 'ws2'));
    try {
      const back = await importInto(other, result.out, 'back');
      expect(back).toHaveLength(before.length);
      for (const [i, e] of back.entries()) {
        expect(await contents(other, e)).toEqual(await contents(ws, before[i]!));
      }
    } finally {
      other.close();
    }
  });

  it('puts a camera slower than the clock on the rows: whole frames held, the last one to the last row', async () => {
    const file = await writeTfRecording(path.join(tmp.dir, 'slow.mcap'));
    await importInto(ws, file, 'slow');
    const result = await exportTo('slow', 'slow-v3');
    // joint_states at 20 Hz make the rows; the 10 Hz cameras end at 0.9 s, before the last row.
    expect(result.frames).toBe(20);
    for (const f of result.files.filter((x) => x.endsWith('.mp4'))) {
      expect((await probeVideo(mediaTools()!, path.join(result.out, f))).timestampsNs).toHaveLength(20);
    }
  });

  it('refuses episodes with other features than the first, naming the episode, and leaves no folder', async () => {
    await importInto(ws, G1_V21, 'mixed');
    writeLines(path.join(tmp.dir, 'odd.csv'), ['timestamp,observation.state.x', '0,1', '0.1,2']);
    const [odd] = await importInto(ws, path.join(tmp.dir, 'odd.csv'), 'mixed');
    const out = path.join(tmp.dir, 'mixed-v3');
    await expect(
      exportLerobotV3(ws, mediaTools(), { dataset: 'mixed', format: 'lerobot-v3', out, excludeTags: [] }),
    ).rejects.toThrow(new RegExp(`episode ${odd!.id} \\(odd\\) has other streams than`));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('mixed-v3'))).toEqual([]);
  });

  it('refuses an output folder that is not empty, writing nothing', async () => {
    await importInto(ws, G1_V21, 'g1');
    await expect(
      exportLerobotV3(ws, mediaTools(), {
        dataset: 'g1',
        format: 'lerobot-v3',
        out: ws.dir,
        excludeTags: [],
      }),
    ).rejects.toThrow(/the folder is not empty/);
  });
});
