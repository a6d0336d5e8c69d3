import { canonicalType } from './topicKinds';
import type { RecordingChannel } from './types';

/**
 * What a recording says about one camera: its intrinsics (from a CameraInfo/CameraCalibration
 * topic) and where its frame sits (from a static transform whose child is the image's frame), in
 * the rig's terms: a vertical field of view, and URDF-style xyz (m) and rpy (rad) from a parent frame.
 */
export interface CameraNote {
  frameId: string;
  intrinsics: {
    width: number;
    height: number;
    fx: number;
    fy: number;
    cx: number;
    cy: number;
    fovYDeg: number;
  } | null;
  mount: { parent: string; xyz: [number, number, number]; rpy: [number, number, number] } | null;
  /**
   * The transforms from the camera's frame up the tf tree: `mount` first, then its parent's, and so
   * on (each relative to its `parent`), so the camera can be placed on whichever frame is a robot link.
   */
  chain?: { parent: string; xyz: [number, number, number]; rpy: [number, number, number] }[];
}

type Row = Record<string, unknown>;
type Intrinsics = NonNullable<CameraNote['intrinsics']>;
type Mount = NonNullable<CameraNote['mount']>;

const CAMERA_INFO = new Set(['sensor_msgs/CameraInfo', 'foxglove.CameraCalibration']);
const TRANSFORMS = new Set(['tf2_msgs/TFMessage', 'tf/tfMessage']);

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : NaN);
const frameOf = (m: Row): string => String((m.header as Row | undefined)?.frame_id ?? m.frame_id ?? '');

/** The frame an image message names (`header.frame_id`, or foxglove's `frame_id`). */
export const imageFrame = (message: Row): string => frameOf(message);

/** The most frames walked up from a camera (a longer chain is a loop or not a robot's tree). */
const MAX_CHAIN = 64;

/** Camera intrinsics and transforms gathered while a recording is read. */
export class CameraCalibration {
  private readonly intrinsics = new Map<string, { topic: string; value: Intrinsics }>();
  /** Each frame's transform from its parent: the static one, else the first one of `/tf`. */
  private readonly mounts = new Map<string, { mount: Mount; fixed: boolean }>();
  private readonly seen = new Set<string>();

  /** Whether a channel is read for calibration: camera info topics and transforms (`tf`, `tf_static`). */
  static reads(channel: RecordingChannel): boolean {
    const type = canonicalType(channel.schemaName);
    return CAMERA_INFO.has(type) || (TRANSFORMS.has(type) && /(^|\/)tf(_static)?$/.test(channel.topic));
  }

  /** Whether a message of the topic is still wanted (camera info: its first message only). */
  wants(channel: RecordingChannel): boolean {
    return !(CAMERA_INFO.has(canonicalType(channel.schemaName)) && this.seen.has(channel.topic));
  }

  add(channel: RecordingChannel, message: Row): void {
    const type = canonicalType(channel.schemaName);
    if (CAMERA_INFO.has(type)) {
      this.seen.add(channel.topic);
      const k = (message.k ?? message.K) as ArrayLike<unknown> | undefined;
      const width = num(message.width);
      const height = num(message.height);
      const [fx, , cx, , fy, cy] = Array.from(k ?? [], num);
      if (!(fx! > 0 && fy! > 0 && width > 0 && height > 0)) return;
      const fovYDeg = (2 * Math.atan(height / (2 * fy!)) * 180) / Math.PI;
      this.intrinsics.set(frameOf(message), {
        topic: channel.topic,
        value: { width, height, fx: fx!, fy: fy!, cx: cx!, cy: cy!, fovYDeg },
      });
    } else {
      const fixed = /tf_static$/.test(channel.topic);
      for (const t of (message.transforms as Row[] | undefined) ?? []) {
        const child = String(t.child_frame_id ?? '').replace(/^\//, '');
        const tr = t.transform as Row | undefined;
        const p = tr?.translation as Row | undefined;
        const q = tr?.rotation as Row | undefined;
        const known = this.mounts.get(child);
        if (!child || !p || !q || (known && (known.fixed || !fixed))) continue;
        const xyz: [number, number, number] = [num(p.x), num(p.y), num(p.z)];
        const rpy = quaternionToRpy(num(q.x), num(q.y), num(q.z), num(q.w));
        const parent = frameOf(t).replace(/^\//, '');
        if ([...xyz, ...rpy].every(Number.isFinite))
          this.mounts.set(child, { mount: { parent, xyz, rpy }, fixed });
      }
    }
  }

  /** What is known of the camera of an image topic whose messages name `frameId`. */
  noteFor(imageTopic: string, frameId: string): CameraNote | null {
    // The camera info beside the images (`/cam/camera_info` for `/cam/image_raw`), else one of the same frame.
    const namespace = imageTopic.split('/').slice(0, -1).join('/');
    const sameNamespace = [...this.intrinsics.values()].find(
      (i) => namespace && i.topic.startsWith(`${namespace}/`),
    );
    const intrinsics = (this.intrinsics.get(frameId) ?? sameNamespace)?.value ?? null;
    const frame = frameId.replace(/^\//, '');
    const chain: Mount[] = [];
    for (let at = frame; at && chain.length < MAX_CHAIN;) {
      const next = this.mounts.get(at)?.mount;
      if (!next) break;
      chain.push(next);
      at = next.parent;
    }
    const mount = chain[0] ?? null;
    if (!intrinsics && !mount) return null;
    return { frameId, intrinsics, mount, ...(chain.length > 1 ? { chain } : {}) };
  }
}

/** URDF rpy (fixed axes x, y, z) of a unit quaternion. */
export function quaternionToRpy(x: number, y: number, z: number, w: number): [number, number, number] {
  const roll = Math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y));
  const pitch = Math.asin(Math.max(-1, Math.min(1, 2 * (w * y - z * x))));
  const yaw = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
  return [roll, pitch, yaw];
}
