import { z } from 'zod';

// Calls about recording files (MCAP, ROS 1 bags) before they are imported: what topics they hold.
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

export const recordingCalls = {
  /** Lists an MCAP file's or ROS bag's topics with their types, message counts, rates and time range. */
  inspectRecording: call(z.object({ path: z.string().min(1).max(4096) }), RecordingInfoSchema),
} as const;
