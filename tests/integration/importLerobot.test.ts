import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/importers/importPaths';
import { readSeries, readTimestamps } from '../../src/series/readSeries';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { appleWithVideo, G1_V21 } from '../helpers/lerobot';
import { inventory, mediaTools, tempDir, writeLines } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
const run = (paths: string[], dataset = 'default') =>
  importPaths(ws, paths, { dataset, tools: mediaTools() });

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

describe('LeRobot v2.1 import', () => {
  it('imports the G1 episodes 1 and 2 with their camera, joints named, the task and the source keys', async () => {
    const r = await run([G1_V21]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.episodes.map((e) => e.streams)).toEqual([
      [
        { name: 'observation.images.cam_high', kind: 'video', frames: 393 },
        { name: 'observation.state', kind: 'series', frames: 393 },
        { name: 'action', kind: 'series', frames: 393 },
      ],
      [
        { name: 'observation.images.cam_high', kind: 'video', frames: 343 },
        { name: 'observation.state', kind: 'series', frames: 343 },
        { name: 'action', kind: 'series', frames: 343 },
      ],
    ]);
    const catalog = new Catalog(ws.db);
    const ep = catalog.getEpisode(r.episodes[0]!.id);
    expect(ep.name).toBe('g1_pick_yellow_bottle_ep1-2#1');
    const state = ep.streamDetails.find((s) => s.name === 'observation.state')!;
    expect(state.columns).toHaveLength(26);
    expect(state.columns[0]).toBe('kLeftShoulderPitch');
    expect(state.columns[25]).toBe('kRightHandThumbRotation');
    const video = ep.streamDetails.find((s) => s.kind === 'video')!;
    expect(video.video).toMatchObject({ codec: 'av1', width: 640, height: 480 });
    expect(video.video!.offsetNs).toBeUndefined();
    const series = await readSeries(ws.blobs, state);
    expect(series.timesNs[0]).toBe(0);
    expect(series.timesNs[1]).toBe(33_333_000);
    expect(series.values[0]).toBeCloseTo(-0.5860406160354614, 6);
    expect(ep.metadata).toMatchObject({
      instructions: ['Pick up the yellow bottle on the table.'],
      lerobot: { codebaseVersion: 'v2.1', robotType: 'Unitree_G1_Inspire', fps: 30, episodeIndex: 1 },
    });
    const segments = ws.db
      .prepare('SELECT start_ns, end_ns, instruction FROM segments WHERE episode_id = ?')
      .all(ep.id) as { start_ns: number; end_ns: number; instruction: string }[];
    expect(segments).toEqual([
      { start_ns: 0, end_ns: ep.durationNs, instruction: 'Pick up the yellow bottle on the table.' },
    ]);
    const keys = ws.db.prepare('SELECT locator FROM episode_sources ORDER BY locator').all();
    expect(keys).toEqual([{ locator: 'episode_index=1' }, { locator: 'episode_index=2' }]);

    // A second import adds nothing and names the episodes it finds.
    const before = inventory(ws);
    const again = await run([G1_V21]);
    expect(again.episodes).toEqual([]);
    expect(again.skipped.map((s) => s.locator)).toEqual(['episode_index=1', 'episode_index=2']);
    expect(inventory(ws)).toEqual(before);
  });
});

describe('LeRobot v3.0 import', () => {
  it('imports three episodes of one shared data file and one shared video, each a window of them', async () => {
    const dir = appleWithVideo(tmp.dir);
    const r = await run([dir]);
    expect(r.errors).toEqual([]);
    // info.json still has the 50-episode original's frame total.
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/info.json: total_frames 14983, but the episodes hold 899/);
    expect(r.episodes.map((e) => e.streams.map((s) => s.frames))).toEqual([
      [299, 299, 299],
      [300, 300, 300],
      [300, 300, 300],
    ]);
    const catalog = new Catalog(ws.db);
    const eps = r.episodes.map((e) => catalog.getEpisode(e.id));
    const videos = eps.map((e) => e.streamDetails.find((s) => s.kind === 'video')!);
    // One blob for the three, each stream playing its window of it.
    expect(new Set(videos.map((v) => v.blob)).size).toBe(1);
    expect(videos.map((v) => v.video!.offsetNs ?? 0)).toEqual([0, 9_966_666_667, 19_966_666_667]);
    const state = eps[1]!.streamDetails.find((s) => s.name === 'observation.state')!;
    expect(state.columns).toEqual(Array.from({ length: 19 }, (_, i) => String(i)));
    const series = await readSeries(ws.blobs, state);
    expect(series.timesNs[0]).toBe(0);
    const videoTimes = await readTimestamps(ws.blobs, videos[1]!.timestampsBlob);
    expect(videoTimes[0]).toBeGreaterThanOrEqual(0);
    expect(Math.abs(videoTimes[299]! - series.timesNs[299]!)).toBeLessThan(1e6);
    expect(eps[2]!.metadata).toMatchObject({
      instructions: ['place the apple in the plate'],
      lerobot: { codebaseVersion: 'v3.0', robotType: 'reachy2', episodeIndex: 2 },
    });
    const again = await run([dir]);
    expect(again.episodes).toEqual([]);
    expect(again.skipped).toHaveLength(3);
  });
});

describe('LeRobot datasets inside a folder', () => {
  it('are found by the folder walk and read through their metadata, beside other recordings', async () => {
    const parent = path.join(tmp.dir, 'recordings');
    mkdirSync(path.join(parent, 'teleop'), { recursive: true });
    cpSync(G1_V21, path.join(parent, 'g1'), { recursive: true });
    writeLines(path.join(parent, 'teleop', 'ep9.csv'), ['timestamp,action.x', '0,1', '0.1,2']);
    const r = await run([parent]);
    expect(r.errors).toEqual([]);
    expect(r.episodes.map((e) => e.streams.map((s) => `${s.name} ${s.frames}`))).toEqual([
      ['observation.images.cam_high 393', 'observation.state 393', 'action 393'],
      ['observation.images.cam_high 343', 'observation.state 343', 'action 343'],
      ['action 2'],
    ]);
    // Nothing of the dataset's files was taken for an episode by its name.
    expect(r.ignored).toEqual([]);
  });
});
