import { McapIndexedReader, McapStreamReader, type DecompressHandlers, type McapTypes } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { ImportInputError } from '../inputError';
import type { FileReadable } from '../recording/fileReadable';
import type { RecordingChannel, RecordingMessage, RecordingReader, TopicTimes } from '../recording/types';

const STREAM_PIECE_BYTES = 1 << 20;

let handlers: Promise<DecompressHandlers> | null = null;
/** The lz4, zstd and bz2 decoders (WebAssembly), loaded once per process. */
const decompressHandlers = () => (handlers ??= loadDecompressHandlers());

const damaged = (file: string, e: unknown, where: string): Error =>
  e instanceof ImportInputError || (e as Error).name === 'AbortError'
    ? (e as Error)
    : new ImportInputError(file, `${file}: damaged MCAP file ${where}: ${(e as Error).message}`);

/**
 * Opens an MCAP file: through its summary and chunk index when it has them, else (no summary, or a
 * summary that does not parse) by streaming every record from the start.
 */
export async function openMcap(source: FileReadable): Promise<RecordingReader> {
  const decompress = await decompressHandlers();
  const readable = {
    size: () => Promise.resolve(BigInt(source.fileSize)),
    read: (offset: bigint, size: bigint) => source.read(Number(offset), Number(size)),
  };
  try {
    const indexed = await McapIndexedReader.Initialize({ readable, decompressHandlers: decompress });
    if (indexed.chunkIndexes.length > 0 || (indexed.statistics?.messageCount ?? 0n) === 0n) {
      return new IndexedMcap(source, indexed);
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    // No usable index: the records themselves are read below.
  }
  return new StreamedMcap(source, decompress);
}

function channelOf(channel: McapTypes.Channel, schema: McapTypes.Schema | undefined): RecordingChannel {
  return {
    topic: channel.topic,
    schemaName: schema?.name ?? '',
    schemaEncoding: schema?.encoding ?? '',
    messageEncoding: channel.messageEncoding,
    schema: schema?.data ?? new Uint8Array(),
  };
}

class IndexedMcap implements RecordingReader {
  readonly format = 'mcap';
  readonly indexed = true;
  readonly channels: RecordingChannel[];
  private readonly byId = new Map<number, RecordingChannel>();

  constructor(
    private readonly source: FileReadable,
    private readonly reader: McapIndexedReader,
  ) {
    for (const [id, c] of reader.channelsById)
      this.byId.set(id, channelOf(c, reader.schemasById.get(c.schemaId)));
    this.channels = [...this.byId.values()];
  }

  get bytesRead(): number {
    return this.source.bytesRead;
  }

  async *messages(topics: ReadonlySet<string> | null, signal?: AbortSignal): AsyncIterable<RecordingMessage> {
    const file = this.source.file;
    const iterator = this.reader.readMessages(topics ? { topics: [...topics] } : {});
    for (;;) {
      signal?.throwIfAborted();
      let next;
      try {
        next = await iterator.next();
      } catch (e) {
        throw damaged(file, e, 'while reading its chunks');
      }
      if (next.done) return;
      const m = next.value;
      const channel = this.byId.get(m.channelId);
      if (!channel) {
        throw new ImportInputError(
          file,
          `${file}: message ${m.sequence} names channel ${m.channelId}, which the file does not declare`,
        );
      }
      yield { channel, timeNs: m.logTime, data: m.data };
    }
  }

  /** Counts and times from the message index records after each chunk (each a list of log times). */
  async topicTimes(): Promise<Map<string, TopicTimes> | null> {
    const times = new Map<string, TopicTimes>();
    for (const c of this.byId.values()) times.set(c.topic, { messages: 0, first: null, last: null });
    for (const chunk of this.reader.chunkIndexes) {
      if (chunk.messageIndexLength === 0n && chunk.messageIndexOffsets.size > 0) return null;
      const start = chunk.chunkStartOffset + chunk.chunkLength;
      const bytes = await this.source.read(Number(start), Number(chunk.messageIndexLength));
      const records = new McapStreamReader({ noMagicPrefix: true });
      records.append(bytes);
      for (;;) {
        let r;
        try {
          r = records.nextRecord();
        } catch {
          return null; // A damaged index: the messages themselves are read instead.
        }
        if (!r) break;
        if (r.type !== 'MessageIndex') continue;
        const channel = this.byId.get(r.channelId);
        const t = channel && times.get(channel.topic);
        if (!t) continue;
        for (const [logTime] of r.records) {
          t.messages++;
          if (t.first === null || logTime < t.first) t.first = logTime;
          if (t.last === null || logTime > t.last) t.last = logTime;
        }
      }
    }
    return times;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

class StreamedMcap implements RecordingReader {
  readonly format = 'mcap';
  readonly indexed = false;
  private readonly byId = new Map<number, RecordingChannel>();
  private readonly schemas = new Map<number, McapTypes.Schema>();

  constructor(
    private readonly source: FileReadable,
    private readonly decompress: DecompressHandlers,
  ) {}

  get channels(): RecordingChannel[] {
    return [...this.byId.values()];
  }

  get bytesRead(): number {
    return this.source.bytesRead;
  }

  async *messages(topics: ReadonlySet<string> | null, signal?: AbortSignal): AsyncIterable<RecordingMessage> {
    const { file, fileSize } = this.source;
    const reader = new McapStreamReader({ decompressHandlers: this.decompress, validateCrcs: true });
    let fed = 0;
    let count = 0;
    const at = () => `near byte ${fed - reader.bytesRemaining()} (after ${count} messages)`;
    while (!reader.done()) {
      let record;
      try {
        record = reader.nextRecord();
      } catch (e) {
        throw damaged(file, e, at());
      }
      if (!record) {
        if (fed >= fileSize) {
          throw new ImportInputError(file, `${file}: the MCAP file ends inside a record ${at()}: truncated`);
        }
        signal?.throwIfAborted();
        const piece = await this.source.read(fed, Math.min(STREAM_PIECE_BYTES, fileSize - fed));
        fed += piece.length;
        reader.append(piece);
        continue;
      }
      if (record.type === 'Schema') this.schemas.set(record.id, record);
      else if (record.type === 'Channel') {
        this.byId.set(record.id, channelOf(record, this.schemas.get(record.schemaId)));
      } else if (record.type === 'Message') {
        count++;
        const channel = this.byId.get(record.channelId);
        if (!channel) {
          throw new ImportInputError(
            file,
            `${file}: message ${count} names channel ${record.channelId} before the file declares it ${at()}`,
          );
        }
        if (!topics || topics.has(channel.topic))
          yield { channel, timeNs: record.logTime, data: record.data };
      }
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
