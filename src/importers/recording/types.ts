/** A topic of a recording file: its channel (MCAP) or connection (bag) with the schema it names. */
export interface RecordingChannel {
  topic: string;
  /** The message type as the file names it (`sensor_msgs/JointState`, `sensor_msgs/msg/Image`, `foxglove.RawImage`). */
  schemaName: string;
  /** How the schema is written: `ros1msg`, `ros2msg`, `jsonschema`, `protobuf`, '' when absent. */
  schemaEncoding: string;
  /** How messages are written: `ros1`, `cdr`, `json`, `protobuf`. */
  messageEncoding: string;
  /** The schema text or bytes (a message definition, a JSON schema, a descriptor set). */
  schema: Uint8Array;
}

export interface RecordingMessage {
  channel: RecordingChannel;
  /** The time the message was recorded (MCAP log time, bag record time), in ns since the epoch. */
  timeNs: bigint;
  data: Uint8Array;
}

/**
 * A recording file opened for reading. Messages come in log-time order; an indexed file is read
 * through its index (only the chunks holding the wanted topics), an unindexed one by streaming.
 */
export interface RecordingReader {
  readonly format: 'mcap' | 'bag';
  readonly indexed: boolean;
  /** Bytes of the file read so far: for progress. */
  readonly bytesRead: number;
  /** Channels known from the index; an unindexed file learns its channels while it is read. */
  readonly channels: readonly RecordingChannel[];
  messages(topics: ReadonlySet<string> | null, signal?: AbortSignal): AsyncIterable<RecordingMessage>;
  /**
   * Per topic, its message count and first and last log time, from the index alone (no chunk is
   * decompressed); null when the file's index does not say.
   */
  topicTimes?(): Promise<Map<string, TopicTimes> | null>;
  close(): Promise<void>;
}

export interface TopicTimes {
  messages: number;
  first: bigint | null;
  last: bigint | null;
}
