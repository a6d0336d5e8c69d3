import type { RecordingChannel } from './types';

/** What a topic becomes: a video, a joint-state series (joint names as columns) or a numeric series. */
export type TopicKind = 'compressedImage' | 'rawImage' | 'jointState' | 'numeric';

/** `sensor_msgs/msg/Image` (ROS 2) and `sensor_msgs/Image` (ROS 1) name one type; so do `foxglove_msgs/msg/RawImage` and `foxglove.RawImage`. */
export function canonicalType(schemaName: string): string {
  const ros = schemaName.replace('/msg/', '/');
  return ros.startsWith('foxglove_msgs/') ? `foxglove.${ros.slice('foxglove_msgs/'.length)}` : ros;
}

const KINDS: Record<string, TopicKind> = {
  'sensor_msgs/CompressedImage': 'compressedImage',
  'foxglove.CompressedImage': 'compressedImage',
  'sensor_msgs/Image': 'rawImage',
  'foxglove.RawImage': 'rawImage',
  'sensor_msgs/JointState': 'jointState',
};

/** Types with numbers that are not a time series of a demonstration. */
const NOT_SERIES: Record<string, string> = {
  'sensor_msgs/CameraInfo':
    "camera intrinsics set the rig's camera mounts and stay in the metadata (source.cameras), not a stream",
  'foxglove.CameraCalibration':
    "camera intrinsics set the rig's camera mounts and stay in the metadata (source.cameras), not a stream",
  'tf2_msgs/TFMessage': "transforms place the rig's cameras, not a stream",
  'tf/tfMessage': "transforms place the rig's cameras, not a stream",
  'foxglove.FrameTransform': "transforms place the rig's cameras, not a stream",
  'foxglove.FrameTransforms': "transforms place the rig's cameras, not a stream",
  'sensor_msgs/PointCloud2': 'point clouds are not imported',
  'sensor_msgs/PointCloud': 'point clouds are not imported',
  'foxglove.PointCloud': 'point clouds are not imported',
  'sensor_msgs/LaserScan': 'laser scans are not imported',
  'sensor_msgs/MultiEchoLaserScan': 'laser scans are not imported',
  'rosgraph_msgs/Log': 'log text is not imported',
  'rcl_interfaces/Log': 'log text is not imported',
  'foxglove.Log': 'log text is not imported',
  'rcl_interfaces/ParameterEvent': 'parameter events are not imported',
  'rosbag2_interfaces/WriteSplitEvent': 'recorder events are not imported',
};

/** The kind a topic's type makes, or why it is not imported (numeric types are confirmed by their first message). */
export function topicKind(channel: RecordingChannel): { kind: TopicKind } | { skip: string } {
  const type = canonicalType(channel.schemaName);
  const kind = KINDS[type];
  if (kind) return { kind };
  const skip = NOT_SERIES[type];
  return skip ? { skip } : { kind: 'numeric' };
}

/** A stream's name for a topic: the topic without its leading slash. */
export const streamName = (topic: string): string => topic.replace(/^\/+/, '') || 'topic';

/** Arrays longer than this are data (pixels, points), not columns. */
const MAX_ARRAY_COLUMNS = 32;
/** A message with more numeric fields than this is not a series we can show. */
export const MAX_COLUMNS = 512;

/**
 * The numeric fields of a decoded message as `[path, value]`, in field order: numbers, bigints and
 * booleans, through nested messages and short arrays (`pose.position.x`, `axes[3]`). Strings,
 * headers (`header`, foxglove's `timestamp`) and long arrays are left out.
 */
export function numericFields(message: unknown): [string, number][] {
  const out: [string, number][] = [];
  const walk = (value: unknown, at: string, depth: number): void => {
    if (out.length > MAX_COLUMNS || depth > 16) return;
    if (typeof value === 'number') out.push([at, value]);
    else if (typeof value === 'bigint') out.push([at, Number(value)]);
    else if (typeof value === 'boolean') out.push([at, value ? 1 : 0]);
    else if (ArrayBuffer.isView(value) || Array.isArray(value)) {
      const items = value as ArrayLike<unknown>;
      if (items.length > MAX_ARRAY_COLUMNS) return;
      for (let i = 0; i < items.length; i++) walk(items[i], `${at}[${i}]`, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        // A message's own stamp is its time, not a column.
        if (depth === 0 && (key === 'header' || key === 'timestamp')) continue;
        walk(v, at ? `${at}.${key}` : key, depth + 1);
      }
    }
  };
  walk(message, '', 0);
  return out;
}
