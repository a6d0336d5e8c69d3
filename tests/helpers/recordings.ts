import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { McapIndexedReader, McapWriter } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { FIXTURES } from './workspace';

export const G1_MCAP = path.join(FIXTURES, 'mcap', 'g1_ep1_3s_ros1_zstd.mcap');
export const G1_BAG = path.join(FIXTURES, 'rosbag', 'g1_ep1_3s.bag');
export const G1_BAG_LZ4 = path.join(FIXTURES, 'rosbag', 'g1_ep1_3s_lz4.bag');
export const ROS2_MCAP = path.join(FIXTURES, 'mcap', 'rosbag2_2025_09_10-13_03_56_0.mcap');
export const TURTLE_BZ2 = path.join(FIXTURES, 'rosbag', 'example-bz2.bag');
export const TALKER_MCAP = path.join(FIXTURES, 'mcap', 'talker.mcap');
export const PROTOBUF_MCAP = path.join(FIXTURES, 'mcap', 'simple-protobuf.mcap');
export const TEN_MESSAGES = path.join(FIXTURES, 'mcap', 'TenMessages.mcap');

/** An MCAP writer's output kept in memory: `bytes()` is the file written so far. */
export function memoryWritable() {
  const parts: Uint8Array[] = [];
  let position = 0n;
  return {
    writable: {
      position: () => position,
      write: (buffer: Uint8Array) => {
        parts.push(buffer.slice());
        position += BigInt(buffer.length);
        return Promise.resolve();
      },
    },
    bytes: () => Buffer.concat(parts),
  };
}

/**
 * Re-writes an indexed MCAP's messages with @mcap/core's own writer, unchunked and without a summary
 * (an unindexed file, as a recorder that crashed leaves, minus the crash), keeping only the
 * messages `keep` accepts, in the order `order` gives (default: as read).
 */
export async function rewriteUnindexed(
  from: string,
  to: string,
  keep: (topic: string, index: number) => boolean = () => true,
  order: <T>(messages: T[]) => T[] = (m) => m,
): Promise<void> {
  const fh = await open(from);
  const size = (await fh.stat()).size;
  const reader = await McapIndexedReader.Initialize({
    readable: {
      size: () => Promise.resolve(BigInt(size)),
      read: async (offset, length) => {
        const buf = new Uint8Array(Number(length));
        await fh.read(buf, 0, buf.length, Number(offset));
        return buf;
      },
    },
    decompressHandlers: await loadDecompressHandlers(),
  });
  const out = memoryWritable();
  const writer = new McapWriter({
    writable: out.writable,
    useChunks: false,
    useStatistics: false,
    useSummaryOffsets: false,
    repeatSchemas: false,
    repeatChannels: false,
    useMessageIndex: false,
    useChunkIndex: false,
    useAttachmentIndex: false,
    useMetadataIndex: false,
  });
  await writer.start({ profile: reader.header.profile, library: 'mimic-studio tests' });
  const channels = new Map<number, number>();
  for (const [id, c] of reader.channelsById) {
    const s = reader.schemasById.get(c.schemaId)!;
    const schemaId = await writer.registerSchema({ name: s.name, encoding: s.encoding, data: s.data });
    channels.set(id, await writer.registerChannel({ ...c, schemaId }));
  }
  const counts = new Map<string, number>();
  const kept = [];
  for await (const m of reader.readMessages()) {
    const topic = reader.channelsById.get(m.channelId)!.topic;
    const i = counts.get(topic) ?? 0;
    counts.set(topic, i + 1);
    if (keep(topic, i)) kept.push(m);
  }
  for (const m of order(kept)) await writer.addMessage({ ...m, channelId: channels.get(m.channelId)! });
  await writer.end();
  await fh.close();
  writeFileSync(to, out.bytes());
}
