import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, StudioError } from '../../src/common/api';
import { createServices, type StudioServices } from '../../src/service/services';
import {
  G1_BAG,
  G1_MCAP,
  rewriteUnindexed,
  ROS2_MCAP,
  TALKER_MCAP,
  TEN_MESSAGES,
  TURTLE_BZ2,
} from '../helpers/recordings';
import { FIXTURES, tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
const inspect = (file: string) => dispatch(services.handlers, 'inspectRecording', { path: file });

beforeAll(() => {
  tmp = tempDir();
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), host: 'cli', create: true });
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('inspectRecording', () => {
  it('lists the G1 MCAP and bag alike: types, counts, rates, time range and what an import makes', async () => {
    for (const file of [G1_MCAP, G1_BAG]) {
      const info = await inspect(file);
      expect(info).toMatchObject({ path: file, indexed: true, messages: 210, startTime: expect.any(String) });
      expect(info.durationNs / 1e9).toBeCloseTo(89 / 30, 2);
      const byTopic = Object.fromEntries(info.topics.map((t) => [t.topic, t]));
      expect(byTopic['/joint_states']).toMatchObject({
        type: 'sensor_msgs/JointState',
        encoding: 'ros1',
        messages: 90,
        firstNs: 0,
        becomes: 'series',
        columns: 26,
        reason: null,
      });
      expect(byTopic['/joint_states']!.rateHz).toBeCloseTo(30, 3);
      expect(byTopic['/cam_high/image_raw/compressed']).toMatchObject({
        type: 'sensor_msgs/CompressedImage',
        messages: 30,
        becomes: 'video',
      });
      expect(byTopic['/cam_high/image_raw/compressed']!.rateHz).toBeCloseTo(10, 3);
      expect(byTopic['/cam_high/image_raw/compressed']!.lastNs! / 1e9).toBeCloseTo(2.9, 3);
    }
    expect((await inspect(G1_MCAP)).format).toBe('mcap');
    expect((await inspect(G1_BAG)).format).toBe('bag');
  });

  it('reads the same counts and times from an MCAP index as from its messages', async () => {
    for (const file of [G1_MCAP, ROS2_MCAP]) {
      const copy = path.join(tmp.dir, `unindexed-${path.basename(file)}`);
      await rewriteUnindexed(file, copy);
      const [indexed, scanned] = await Promise.all([inspect(file), inspect(copy)]);
      expect([indexed.indexed, scanned.indexed]).toEqual([true, false]);
      // A streamed file names its channels as it goes, and the writer leaves out channels without
      // messages: compare the topics that have messages, by name.
      const sorted = (i: typeof indexed) => ({
        ...i,
        path: file,
        indexed: true,
        bytes: 0,
        topics: i.topics.filter((t) => t.messages > 0).sort((a, b) => (a.topic < b.topic ? -1 : 1)),
      });
      expect(sorted(scanned)).toEqual(sorted(indexed));
    }
  });

  it('says why a topic is not imported', async () => {
    const ros2 = await inspect(ROS2_MCAP);
    expect(ros2.topics).toHaveLength(32);
    const camera = ros2.topics.find((t) => t.topic === '/camera_info')!;
    expect(camera).toMatchObject({
      becomes: 'nothing',
      reason:
        "camera intrinsics set the rig's camera mounts and stay in the metadata (source.cameras), not a stream",
    });
    const events = ros2.topics.find((t) => t.topic === '/parameter_events')!;
    expect(events).toMatchObject({ messages: 0, becomes: 'nothing' });
    const talker = await inspect(TALKER_MCAP);
    expect(talker.topics.find((t) => t.topic === '/topic')).toMatchObject({
      type: 'std_msgs/msg/String',
      messages: 10,
      becomes: 'nothing',
      reason: 'it has no numeric fields',
    });
    const turtle = await inspect(TURTLE_BZ2);
    expect(turtle.messages).toBe(8647);
    expect(turtle.topics.find((t) => t.topic === '/turtle1/pose')).toMatchObject({
      columns: 5,
      messages: 1344,
    });
  });

  it('streams the conformance files without a usable index', async () => {
    for (const name of [
      'TenMessages.mcap',
      'TenMessages-ch-mx.mcap',
      'TenMessages-ch-chx-mx-pad-rch-rsh-st-sum.mcap',
    ]) {
      const info = await inspect(path.join(FIXTURES, 'mcap', name));
      expect(info).toMatchObject({ format: 'mcap', indexed: false, messages: 10 });
      expect(info.topics.map((t) => t.topic)).toEqual(['example']);
    }
    expect((await inspect(TEN_MESSAGES)).topics[0]!.reason).toMatch(/message encoding "a"/);
  });

  it('answers bad_input naming the file for a missing, foreign or damaged file', async () => {
    const missing = path.join(tmp.dir, 'nope.mcap');
    const foreign = path.join(tmp.dir, 'notes.bag');
    writeFileSync(foreign, 'just some text, not a bag\n');
    const truncated = path.join(tmp.dir, 'cut.mcap');
    writeFileSync(truncated, readFileSync(G1_MCAP).subarray(0, 300_000));
    const flipped = path.join(tmp.dir, 'flipped.bag');
    copyFileSync(G1_BAG, flipped);
    const bytes = readFileSync(flipped);
    bytes[4200] = bytes[4200]! ^ 0xff;
    writeFileSync(flipped, bytes);
    for (const [file, pattern] of [
      [missing, /cannot read \(ENOENT\)/],
      [foreign, /neither an MCAP file nor a ROS 1 bag/],
      [truncated, /ends inside a record .*truncated|truncated or damaged/],
    ] as const) {
      const e = await inspect(file).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StudioError);
      expect((e as StudioError).code).toBe('bad_input');
      expect((e as StudioError).message).toContain(file);
      expect((e as StudioError).message).toMatch(pattern);
    }
    const e = await inspect(flipped).catch((x: unknown) => x);
    if (e instanceof Error) expect(e.message).toContain(flipped);
  });
});
