import { z } from 'zod';

// Calls about recording files before they are imported: what topics an MCAP file or ROS 1 bag
// holds, what rate a robomimic file was recorded at.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const RecordingTopicSchema = z.object({
  topic: z.string(),
  /** The message type as the file names it (`sensor_msgs/JointState`, `sensor_msgs/msg/Image`). */
  type: z.string(),
  /** How its messages are written: `ros1`, `cdr`, `json`, `protobuf`. */
  encoding: z.string(),
  messages: z.number().int().nonnegative(),
  /** First and last message, in ns from the recording's first message. */
  firstNs: z.number().int().nonnegative().nullable(),
  lastNs: z.number().int().nonnegative().nullable(),
  /** Messages per second between its first and last message; null with fewer than two. */
  rateHz: z.number().nullable(),
  /** What an import makes of it: a video, a series (`columns` wide), or nothing (`reason` says why). */
  becomes: z.enum(['video', 'series', 'nothing']),
  columns: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type RecordingTopic = z.infer<typeof RecordingTopicSchema>;

export const RecordingInfoSchema = z.object({
  path: z.string(),
  format: z.enum(['mcap', 'bag']),
  /** Read through its index (else streamed from the start). */
  indexed: z.boolean(),
  bytes: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  /** The first message's time: ns since the epoch as a decimal string (beyond a double's integers), and as ISO 8601. */
  startNs: z.string().nullable(),
  startTime: z.string().nullable(),
  durationNs: z.number().int().nonnegative(),
  topics: z.array(RecordingTopicSchema),
});
export type RecordingInfo = z.infer<typeof RecordingInfoSchema>;

export const RobomimicInfoSchema = z.object({
  path: z.string(),
  demos: z.number().int().nonnegative(),
  /** env_args' `env_name`, when it names one. */
  envName: z.string().nullable(),
  /** env_args' `env_kwargs.control_freq` in Hz; null when the file names none (an import then needs a rate). */
  controlFreqHz: z.number().nullable(),
});
export type RobomimicInfo = z.infer<typeof RobomimicInfoSchema>;

export const recordingCalls = {
  /** Lists an MCAP file's or ROS bag's topics with their types, message counts, rates and time range. */
  inspectRecording: call(z.object({ path: z.string().min(1).max(4096) }), RecordingInfoSchema),
  /** A robomimic HDF5 file's demos and the control rate its env_args name (robomimic files hold no times). */
  inspectRobomimic: call(z.object({ path: z.string().min(1).max(4096) }), RobomimicInfoSchema),
} as const;
