import { createRequire } from 'node:module';
import { Bag } from '@foxglove/rosbag';
import Bzip2 from '@foxglove/wasm-bz2';
import { ImportInputError } from '../inputError';
import type { FileReadable } from '../recording/fileReadable';
import type { RecordingChannel, RecordingMessage, RecordingReader } from '../recording/types';

const require = createRequire(import.meta.url);

type Lz4 = ((src: Uint8Array, size: number) => Uint8Array) & { isLoaded: Promise<void> };
type Decompress = Record<string, (buffer: Uint8Array, size: number) => Uint8Array>;

let decoders: Promise<Decompress> | null = null;
/** The bag chunk decoders (WebAssembly lz4 and bz2), loaded once per process. */
function bagDecompress(): Promise<Decompress> {
  return (decoders ??= (async () => {
    const lz4 = require('@foxglove/wasm-lz4') as Lz4;
    const [bzip2] = await Promise.all([Bzip2.init(), lz4.isLoaded]);
    return {
      lz4: (buffer, size) => lz4(buffer, size),
      bz2: (buffer, size) => bzip2.decompress(buffer, size, { small: false }),
    };
  })());
}

const damaged = (file: string, e: unknown, where: string): Error =>
  e instanceof ImportInputError || (e as Error).name === 'AbortError'
    ? (e as Error)
    : new ImportInputError(file, `${file}: damaged ROS bag ${where}: ${(e as Error).message}`);

/** Opens a ROS 1 bag (format 2.0) through its index: connections and chunk infos at the end. */
export async function openBag(source: FileReadable): Promise<RecordingReader> {
  const decompress = await bagDecompress();
  const bag = new Bag(
    { read: (offset, length) => source.read(offset, length), size: () => source.fileSize },
    {
      decompress,
      parse: false,
    },
  );
  try {
    await bag.open();
  } catch (e) {
    throw damaged(source.file, e, 'in its header or index');
  }
  if (bag.header && bag.header.indexPosition === 0) {
    throw new ImportInputError(
      source.file,
      `${source.file}: the bag has no index (recording stopped before it was closed?); run \`rosbag reindex\` on it first`,
    );
  }
  return new BagRecording(source, bag);
}

class BagRecording implements RecordingReader {
  readonly format = 'bag';
  readonly indexed = true;
  readonly channels: RecordingChannel[];
  private readonly byConnection = new Map<number, RecordingChannel>();

  constructor(
    private readonly source: FileReadable,
    private readonly bag: Bag,
  ) {
    const byTopic = new Map<string, RecordingChannel>();
    const encoder = new TextEncoder();
    for (const [id, c] of bag.connections) {
      // Several connections (publishers) may share a topic: they are one topic here.
      const channel = byTopic.get(c.topic) ?? {
        topic: c.topic,
        schemaName: c.type ?? '',
        schemaEncoding: 'ros1msg',
        messageEncoding: 'ros1',
        schema: encoder.encode(c.messageDefinition),
      };
      byTopic.set(c.topic, channel);
      this.byConnection.set(id, channel);
    }
    this.channels = [...byTopic.values()];
  }

  get bytesRead(): number {
    return this.source.bytesRead;
  }

  async *messages(topics: ReadonlySet<string> | null, signal?: AbortSignal): AsyncIterable<RecordingMessage> {
    const file = this.source.file;
    const iterator = this.bag.messageIterator(topics ? { topics: [...topics] } : {})[Symbol.asyncIterator]();
    let count = 0;
    for (;;) {
      signal?.throwIfAborted();
      let next;
      try {
        next = await iterator.next();
      } catch (e) {
        throw damaged(file, e, `in a chunk after message ${count}`);
      }
      if (next.done) return;
      count++;
      const m = next.value;
      const channel = this.byConnection.get(m.connectionId);
      if (!channel) {
        throw new ImportInputError(
          file,
          `${file}: message ${count} names connection ${m.connectionId}, which the bag does not declare`,
        );
      }
      const timeNs = BigInt(m.timestamp.sec) * 1_000_000_000n + BigInt(m.timestamp.nsec);
      yield { channel, timeNs, data: m.data };
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
