// A small ROS 1 MCAP written with @mcap/core for the camera-mount tests: joint states, two
// compressed-image cameras, one camera_info and a tf_static tree. The `top` camera's optical frame
// hangs from `top_mount`, which hangs from the toy arm's `tool` link; the `wrist` camera's frame
// hangs from `world`, which no robot has as a link.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McapWriter } from '@mcap/core';
import { parse } from '@foxglove/rosmsg';
import { MessageWriter } from '@foxglove/rosmsg-serialization';
import { memoryWritable } from './recordings';
import { mediaTools } from './workspace';

const HEADER = 'uint32 seq\ntime stamp\nstring frame_id';
const sep = '\n================================================================================\n';
const DEFINITIONS: Record<string, string> = {
  'sensor_msgs/JointState': `Header header\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort${sep}MSG: std_msgs/Header\n${HEADER}`,
  'sensor_msgs/CompressedImage': `Header header\nstring format\nuint8[] data${sep}MSG: std_msgs/Header\n${HEADER}`,
  'sensor_msgs/CameraInfo': `Header header\nuint32 height\nuint32 width\nstring distortion_model\nfloat64[] D\nfloat64[9] K\nfloat64[9] R\nfloat64[12] P\nuint32 binning_x\nuint32 binning_y\nRegionOfInterest roi${sep}MSG: std_msgs/Header\n${HEADER}${sep}MSG: sensor_msgs/RegionOfInterest\nuint32 x_offset\nuint32 y_offset\nuint32 height\nuint32 width\nbool do_rectify`,
  'tf2_msgs/TFMessage': `geometry_msgs/TransformStamped[] transforms${sep}MSG: geometry_msgs/TransformStamped\nHeader header\nstring child_frame_id\nTransform transform${sep}MSG: std_msgs/Header\n${HEADER}${sep}MSG: geometry_msgs/Transform\nVector3 translation\nQuaternion rotation${sep}MSG: geometry_msgs/Vector3\nfloat64 x\nfloat64 y\nfloat64 z${sep}MSG: geometry_msgs/Quaternion\nfloat64 x\nfloat64 y\nfloat64 z\nfloat64 w`,
};

/** The quaternion of URDF rpy. */
function quaternion([r, p, y]: [number, number, number]) {
  const [cr, sr, cp, sp, cy, sy] = [r, r, p, p, y, y].map((a, i) =>
    i % 2 ? Math.sin(a / 2) : Math.cos(a / 2),
  );
  return {
    x: sr! * cp! * cy! - cr! * sp! * sy!,
    y: cr! * sp! * cy! + sr! * cp! * sy!,
    z: cr! * cp! * sy! - sr! * sp! * cy!,
    w: cr! * cp! * cy! + sr! * sp! * sy!,
  };
}

/** The `top_mount` frame on `tool`: 5 cm out, turned 90° about z. */
export const TOP_MOUNT = {
  xyz: [0.05, 0, 0] as [number, number, number],
  rpy: [0, 0, Math.PI / 2] as [number, number, number],
};
/** The `top_optical` frame on `top_mount`: 10 cm along its x, optical axes (z forward, y down). */
export const TOP_OPTICAL = {
  xyz: [0.1, 0, 0] as [number, number, number],
  rpy: [-Math.PI / 2, 0, -Math.PI / 2] as [number, number, number],
};
/** 64×48 images, fy 40 px: a vertical field of view of 2·atan(24/40). */
export const TOP_FOV_DEG = (2 * Math.atan(24 / 40) * 180) / Math.PI;

export async function writeTfRecording(file: string): Promise<string> {
  const frames = jpegFrames(10);
  const out = memoryWritable();
  const writer = new McapWriter({ writable: out.writable });
  await writer.start({ profile: 'ros1', library: 'mimic-studio tests' });
  const channels: Record<string, { id: number; write: MessageWriter }> = {};
  const channel = async (topic: string, type: string) => {
    const data = new TextEncoder().encode(DEFINITIONS[type]!);
    const schemaId = await writer.registerSchema({ name: type, encoding: 'ros1msg', data });
    const id = await writer.registerChannel({
      topic,
      schemaId,
      messageEncoding: 'ros1',
      metadata: new Map(),
    });
    channels[topic] = { id, write: new MessageWriter(parse(DEFINITIONS[type]!)) };
  };
  await channel('/joint_states', 'sensor_msgs/JointState');
  await channel('/top/image/compressed', 'sensor_msgs/CompressedImage');
  await channel('/top/camera_info', 'sensor_msgs/CameraInfo');
  await channel('/wrist/image/compressed', 'sensor_msgs/CompressedImage');
  await channel('/tf_static', 'tf2_msgs/TFMessage');
  const start = 1_700_000_000n * 1_000_000_000n;
  let sequence = 0;
  const add = async (topic: string, atNs: number, message: unknown) => {
    const t = start + BigInt(atNs);
    const c = channels[topic]!;
    await writer.addMessage({
      channelId: c.id,
      sequence: sequence++,
      logTime: t,
      publishTime: t,
      data: c.write.writeMessage(message),
    });
  };
  const header = (frame: string, atNs: number) => ({
    seq: 0,
    stamp: { sec: Number((start + BigInt(atNs)) / 1_000_000_000n), nsec: atNs % 1e9 },
    frame_id: frame,
  });
  const transform = (
    parent: string,
    child: string,
    pose: { xyz: [number, number, number]; rpy: [number, number, number] },
  ) => ({
    header: header(parent, 0),
    child_frame_id: child,
    transform: {
      translation: { x: pose.xyz[0], y: pose.xyz[1], z: pose.xyz[2] },
      rotation: quaternion(pose.rpy),
    },
  });
  await add('/tf_static', 0, {
    transforms: [
      transform('tool', 'top_mount', TOP_MOUNT),
      transform('top_mount', 'top_optical', TOP_OPTICAL),
      transform('world', 'wrist_optical', { xyz: [1, 0, 0.5], rpy: [0, 0, 0] }),
    ],
  });
  await add('/top/camera_info', 0, {
    header: header('top_optical', 0),
    height: 48,
    width: 64,
    distortion_model: 'plumb_bob',
    D: [0, 0, 0, 0, 0],
    K: [40, 0, 32, 0, 40, 24, 0, 0, 1],
    R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    P: [40, 0, 32, 0, 0, 40, 24, 0, 0, 0, 1, 0],
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  });
  for (let i = 0; i < 20; i++) {
    const at = i * 50_000_000;
    await add('/joint_states', at, {
      header: header('', at),
      name: ['shoulder', 'elbow'],
      position: [i * 0.05, -i * 0.02],
      velocity: [],
      effort: [],
    });
  }
  for (const [i, jpeg] of frames.entries()) {
    const at = i * 100_000_000;
    for (const cam of ['top', 'wrist']) {
      await add(`/${cam}/image/compressed`, at, {
        header: header(`${cam}_optical`, at),
        format: 'jpeg',
        data: jpeg,
      });
    }
  }
  await writer.end();
  writeFileSync(file, out.bytes());
  return file;
}

/** `n` small JPEG frames of a test pattern, made by ffmpeg. */
function jpegFrames(n: number): Uint8Array[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tf-frames-'));
  try {
    execFileSync(mediaTools().ffmpeg, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=64x48:rate=10`,
      '-frames:v',
      String(n),
      path.join(dir, '%03d.jpg'),
    ]);
    return readdirSync(dir)
      .sort()
      .map((f) => new Uint8Array(readFileSync(path.join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
