import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/importers/importPaths';
import { probeVideo } from '../../src/media/probe';
import { checkDecode } from '../../src/media/verify';
import type { MediaTools } from '../../src/media/tools';
import { readSeries } from '../../src/series/readSeries';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import {
  G1_BAG,
  G1_BAG_LZ4,
  G1_MCAP,
  PROTOBUF_MCAP,
  ROS2_MCAP,
  rewriteUnindexed,
  TEN_MESSAGES,
  TURTLE_BZ2,
} from '../helpers/recordings';
import { inventory, mediaTools, tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const timestamps = async (hash: string) =>
  Array.from(new BigInt64Array((await ws.blobs.read(hash)).buffer.slice(0)), Number);
const streamsOf = (id: string) => new Catalog(ws.db).getEpisode(id).streamDetails;
const summary = (r: Awaited<ReturnType<typeof importPaths>>) =>
  r.episodes.map((e) => e.streams.map((s) => `${s.name}:${s.kind}:${s.frames}`).sort());

/** The two ffmpeg builds a user may have: the one on PATH (Debian's 5.1) and the npm fallback 4.1. */
const FFMPEGS: [string, () => MediaTools][] = [
  ['the ffmpeg on PATH', mediaTools],
  [
    "@ffmpeg-installer's ffmpeg 4.1",
    () => ({ ...mediaTools(), ffmpeg: path.resolve('node_modules/@ffmpeg-installer/linux-x64/ffmpeg') }),
  ],
];

const G1_STREAMS = [
  'cam_high/image_raw/compressed:video:30',
  'joint_commands:series:90',
  'joint_states:series:90',
];

describe('MCAP and ROS 1 bag import', () => {
  for (const [label, tools] of FFMPEGS) {
    it(`imports the G1 MCAP with ${label}: 90 joint rows, 30 video frames, each at its message time`, async () => {
      const r = await importPaths(ws, [G1_MCAP], { dataset: 'g1', tools: tools() });
      expect(r.errors).toEqual([]);
      expect(summary(r)).toEqual([G1_STREAMS]);
      const streams = streamsOf(r.episodes[0]!.id);
      const joints = streams.find((s) => s.name === 'joint_states')!;
      expect(joints.columns).toHaveLength(26);
      expect(joints.columns.every((c) => c.length > 0 && !c.startsWith('joint_'))).toBe(true);
      const video = streams.find((s) => s.kind === 'video')!;
      expect(video.video).toMatchObject({ width: 640, height: 480 });
      const jt = await timestamps(joints.timestampsBlob);
      const vt = await timestamps(video.timestampsBlob);
      expect(jt).toHaveLength(90);
      expect(vt).toHaveLength(30);
      // 30 Hz joints and 10 Hz images from one clock: every image time is a joint time.
      expect(jt[0]).toBe(0);
      for (const t of vt) expect(jt).toContain(t);
      expect(vt[29]! / 1e9).toBeCloseTo(2.9, 2);
      // The encoded file holds each frame at its message time (to the µs mp4 keeps).
      const probe = await probeVideo(tools(), ws.blobs.pathOf(video.blob));
      expect(probe.timestampsNs).toHaveLength(30);
      probe.timestampsNs.forEach((t, i) => expect(Math.abs(t - vt[i]!)).toBeLessThan(1000));
      expect(new Catalog(ws.db).getEpisode(r.episodes[0]!.id).thumbnailBlob).toBeTruthy();
      expect(readdirSync(ws.blobs.tmpRoot, { recursive: true })).toEqual(
        expect.not.arrayContaining([expect.stringMatching(/recording-/)]),
      );
    });
  }

  it('reads the same data from the bag (plain and lz4) as from the MCAP; a re-import adds nothing', async () => {
    const tools = mediaTools();
    const r = await importPaths(ws, [G1_MCAP, G1_BAG, G1_BAG_LZ4], { dataset: 'g1', tools });
    expect(r.errors).toEqual([]);
    expect(summary(r)).toEqual([G1_STREAMS, G1_STREAMS, G1_STREAMS]);
    const series = await Promise.all(
      r.episodes.map(async (e) => {
        const s = streamsOf(e.id).find((x) => x.name === 'joint_states')!;
        const loaded = await readSeries(ws.blobs, s);
        return { columns: s.columns, times: await timestamps(s.timestampsBlob), values: [...loaded.values] };
      }),
    );
    expect(series[1]).toEqual(series[0]);
    expect(series[2]).toEqual(series[0]);
    const before = inventory(ws);
    const again = await importPaths(ws, [G1_BAG, G1_MCAP], { dataset: 'g1', tools });
    expect(again.episodes).toEqual([]);
    expect(again.errors).toEqual([]);
    expect(again.skipped.map((s) => s.episodeId).sort()).toEqual(
      [r.episodes[0]!.id, r.episodes[1]!.id].sort(),
    );
    expect(inventory(ws)).toEqual(before);
  });

  it('finds recordings in a folder and imports chosen topics only', async () => {
    const r = await importPaths(ws, [path.dirname(G1_BAG)], {
      dataset: 'g1',
      tools: mediaTools(),
      topics: ['/joint_states', '/turtle1/pose'],
    });
    // The G1 bags lack /turtle1/pose and the turtle bag lacks /joint_states: each is an error naming the topic.
    expect(r.episodes).toEqual([]);
    expect(r.errors.map((e) => path.basename(e.path))).toEqual([
      'example-bz2.bag',
      'g1_ep1_3s.bag',
      'g1_ep1_3s_lz4.bag',
    ]);
    expect(r.errors[0]!.message).toMatch(/has no topic \/joint_states/);
    const one = await importPaths(ws, [G1_BAG], {
      dataset: 'g1',
      tools: mediaTools(),
      topics: ['/joint_states'],
    });
    expect(one.errors).toEqual([]);
    expect(summary(one)).toEqual([['joint_states:series:90']]);
  });

  it('reads ROS 2 CDR messages: raw and compressed images, joint states with velocity and effort', async () => {
    const r = await importPaths(ws, [ROS2_MCAP], { dataset: 'ros2', tools: mediaTools() });
    expect(r.errors).toEqual([]);
    expect(summary(r)[0]).toEqual(
      expect.arrayContaining([
        'image:video:1',
        'compressed_image:video:1',
        'joint_state:series:15',
        'joint_state.velocity:series:15',
        'joint_state.effort:series:15',
        'imu:series:1',
      ]),
    );
    const joints = streamsOf(r.episodes[0]!.id).find((s) => s.name === 'joint_state')!;
    expect(joints.columns).toHaveLength(4);
    // /camera_info (frame base_link, fy 500 px, 480 px high) describes both image topics of that frame.
    const { metadata } = new Catalog(ws.db).getEpisode(r.episodes[0]!.id);
    const cameras = (
      metadata.source as { cameras: Record<string, { frameId: string; intrinsics: { fovYDeg: number } }> }
    ).cameras;
    expect(Object.keys(cameras).sort()).toEqual(['compressed_image', 'image']);
    expect(cameras['image']).toMatchObject({
      frameId: 'base_link',
      intrinsics: { width: 640, height: 480, fy: 500, cy: 240 },
      mount: null,
    });
    expect(cameras['image']!.intrinsics.fovYDeg).toBeCloseTo((2 * Math.atan(240 / 500) * 180) / Math.PI, 9);
    const reasons = r.ignored.map((i) => i.reason);
    expect(reasons).toContain('topic /rosout (rcl_interfaces/msg/Log): log text is not imported');
    expect(reasons).toContain(
      "topic /camera_info (sensor_msgs/msg/CameraInfo): camera intrinsics set the rig's camera mounts and stay in the metadata (source.cameras), not a stream",
    );
  });

  it('turns turtlesim poses and velocities of a bz2 bag into series and says which topics it skipped', async () => {
    const r = await importPaths(ws, [TURTLE_BZ2], { dataset: 't', tools: mediaTools() });
    expect(r.errors).toEqual([]);
    expect(summary(r)[0]).toEqual(
      expect.arrayContaining(['turtle1/pose:series:1344', 'turtle1/cmd_vel:series:357']),
    );
    const pose = streamsOf(r.episodes[0]!.id).find((s) => s.name === 'turtle1/pose')!;
    expect(pose.columns).toEqual(['x', 'y', 'theta', 'linear_velocity', 'angular_velocity']);
    expect(r.ignored.map((i) => i.reason)).toEqual([
      'topic /rosout (rosgraph_msgs/Log): log text is not imported',
      "topic /tf_static (tf2_msgs/TFMessage): transforms place the rig's cameras, not a stream",
      "topic /tf (tf/tfMessage): transforms place the rig's cameras, not a stream",
    ]);
  });

  it('streams an unindexed MCAP: variable-rate images that start late keep their message times', async () => {
    const file = path.join(tmp.dir, 'g1_unindexed.mcap');
    // Drop the first three images and five in the middle: the video starts at 0.3 s and has a gap.
    const images = (i: number) => i >= 3 && (i < 10 || i >= 15);
    await rewriteUnindexed(G1_MCAP, file, (topic, i) => !topic.startsWith('/cam') || images(i));
    const tools = mediaTools();
    const r = await importPaths(ws, [file], { dataset: 'g1', tools });
    expect(r.errors).toEqual([]);
    expect(summary(r)).toEqual([
      ['cam_high/image_raw/compressed:video:22', 'joint_commands:series:90', 'joint_states:series:90'],
    ]);
    const video = streamsOf(r.episodes[0]!.id).find((s) => s.kind === 'video')!;
    const vt = await timestamps(video.timestampsBlob);
    expect(vt[0]! / 1e9).toBeCloseTo(0.3, 3);
    expect((vt[7]! - vt[6]!) / 1e9).toBeCloseTo(0.6, 3);
    // The file shows the first image from 0 too: one frame more, the rest at their message times.
    const probe = await probeVideo(tools, ws.blobs.pathOf(video.blob));
    expect(probe.timestampsNs).toHaveLength(23);
    expect(probe.timestampsNs[0]).toBe(0);
    vt.forEach((t, i) => expect(Math.abs(probe.timestampsNs[i + 1]! - t)).toBeLessThan(1000));
    // The verify job's decode finds every frame where the timestamps say.
    const check = await checkDecode(tools, ws.blobs.pathOf(video.blob), Float64Array.from(vt), {
      timeoutMs: 60_000,
    });
    expect(check).toMatchObject({ errors: 0, missing: [] });
  });

  it('sorts the messages of an unindexed MCAP written out of time order', async () => {
    const file = path.join(tmp.dir, 'g1_reversed.mcap');
    await rewriteUnindexed(G1_MCAP, file, undefined, (m) => [...m].reverse());
    const r = await importPaths(ws, [file, G1_MCAP], { dataset: 'g1', tools: mediaTools() });
    expect(r.errors).toEqual([]);
    const [reversed, original] = r.episodes.map((e) => streamsOf(e.id));
    for (const name of ['joint_states', 'cam_high/image_raw/compressed']) {
      const a = reversed!.find((s) => s.name === name)!;
      const b = original!.find((s) => s.name === name)!;
      expect(await timestamps(a.timestampsBlob)).toEqual(await timestamps(b.timestampsBlob));
      if (a.kind === 'series') expect(a.blob).toBe(b.blob);
    }
  });

  it('refuses a file with nothing it can import, naming the topics and why', async () => {
    const r = await importPaths(ws, [TEN_MESSAGES], { dataset: 'x', tools: mediaTools() });
    expect(r.episodes).toEqual([]);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /TenMessages\.mcap: no topic to import.*example \(Example\): cannot decode it: message encoding "a"/,
      ),
    ]);
    expect(inventory(ws)).toMatchObject({ episodes: 0, blobRows: 0, blobFiles: 0 });
  });

  it('reads JSON and protobuf channels as series', async () => {
    const r = await importPaths(ws, [PROTOBUF_MCAP], { dataset: 'x', tools: mediaTools() });
    expect(r.errors).toEqual([]);
    expect(summary(r)).toEqual([['mouse:series:292', 'pose:series:1']]);
    const columns = Object.fromEntries(streamsOf(r.episodes[0]!.id).map((s) => [s.name, s.columns]));
    expect(columns).toEqual({
      mouse: ['clientX', 'clientY'],
      pose: [
        'pose.position.x',
        'pose.position.y',
        'pose.position.z',
        'pose.orientation.x',
        'pose.orientation.y',
        'pose.orientation.z',
        'pose.orientation.w',
      ],
    });
  });

  it('cancels cleanly while reading: no episode, no blob, no temporary file', async () => {
    const controller = new AbortController();
    const run = importPaths(ws, [TURTLE_BZ2], {
      dataset: 't',
      tools: mediaTools(),
      signal: controller.signal,
      onProgress: (_done, _total, message) => {
        if (message.startsWith('Reading')) controller.abort(new DOMException('cancelled', 'AbortError'));
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(inventory(ws)).toMatchObject({ episodes: 0, blobRows: 0, blobFiles: 0, tmpFiles: 0 });
  });
});
