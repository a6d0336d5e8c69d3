import { stat } from 'node:fs/promises';
import type { RecordingInfo, RecordingTopic } from '../../common/api';
import { ImportInputError } from '../inputError';
import { DEFAULT_READ_TIMEOUT_MS } from '../limits';
import { bounded, readTimeFor, type ReadBounds } from '../sourceFile';
import { decoderFor } from './decoders';
import { compressedFrame, rawFrame } from './imageFrames';
import { openRecording } from './openRecording';
import { MAX_COLUMNS, numericFields, topicKind } from './topicKinds';
import type { RecordingChannel } from './types';

interface TopicCount {
  channel: RecordingChannel;
  messages: number;
  first: bigint | null;
  last: bigint | null;
  /** What the first message showed an import would make of the topic. */
  verdict: Pick<RecordingTopic, 'becomes' | 'columns' | 'reason'> | null;
}

/**
 * Lists a recording's topics with exact counts and times: an indexed MCAP from its message indexes
 * (no chunk decompressed but the one holding each topic's first message), a bag or an unindexed
 * MCAP by visiting every message. Each topic's first message is decoded to say what an import makes
 * of it. Bounded in time by the file's size; a damaged file is an error naming it.
 */
export async function inspectRecording(
  file: string,
  opts: { signal?: AbortSignal; readTimeoutMs?: number } = {},
): Promise<RecordingInfo> {
  const bounds: ReadBounds = { signal: opts.signal, baseMs: opts.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS };
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    throw new ImportInputError(
      file,
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  return bounded(file, readTimeFor(bounds, size), bounds, 'inspecting it', async (signal) => {
    const { reader, close } = await openRecording(file, signal);
    try {
      const topics = new Map<string, TopicCount>();
      const countOf = (channel: RecordingChannel) => {
        let c = topics.get(channel.topic);
        if (!c)
          topics.set(channel.topic, (c = { channel, messages: 0, first: null, last: null, verdict: null }));
        return c;
      };
      for (const channel of reader.channels) countOf(channel);
      let total = 0;
      const fromIndex = (await reader.topicTimes?.()) ?? null;
      if (fromIndex) {
        // Counts and times from the index; only each topic's first message is read.
        for (const c of topics.values()) {
          Object.assign(c, fromIndex.get(c.channel.topic));
          total += c.messages;
          if (c.messages === 0) continue;
          for await (const m of reader.messages(new Set([c.channel.topic]), signal)) {
            c.verdict = verdictOf(m.channel, m.data);
            break;
          }
        }
      } else {
        for await (const m of reader.messages(null, signal)) {
          const c = countOf(m.channel);
          c.messages++;
          total++;
          if (c.first === null || m.timeNs < c.first) c.first = m.timeNs;
          if (c.last === null || m.timeNs > c.last) c.last = m.timeNs;
          c.verdict ??= verdictOf(m.channel, m.data);
        }
        // A streamed file's channels are known once it is read, those without messages too.
        for (const channel of reader.channels) countOf(channel);
      }
      const all = [...topics.values()];
      const firsts = all.flatMap((c) => (c.first === null ? [] : [c.first]));
      const lasts = all.flatMap((c) => (c.last === null ? [] : [c.last]));
      const start = firsts.length ? firsts.reduce((a, b) => (b < a ? b : a)) : null;
      const end = lasts.length ? lasts.reduce((a, b) => (b > a ? b : a)) : null;
      const rel = (t: bigint | null) => (t === null || start === null ? null : Number(t - start));
      return {
        path: file,
        format: reader.format,
        indexed: reader.indexed,
        bytes: size,
        messages: total,
        startNs: start?.toString() ?? null,
        startTime: start === null ? null : new Date(Number(start / 1_000_000n)).toISOString(),
        durationNs: start === null || end === null ? 0 : Number(end - start),
        topics: all.map((c) => {
          const span = c.first !== null && c.last !== null ? Number(c.last - c.first) : 0;
          return {
            topic: c.channel.topic,
            type: c.channel.schemaName,
            encoding: c.channel.messageEncoding,
            messages: c.messages,
            firstNs: rel(c.first),
            lastNs: rel(c.last),
            rateHz: c.messages > 1 && span > 0 ? ((c.messages - 1) * 1e9) / span : null,
            ...(c.verdict ?? { becomes: 'nothing' as const, columns: null, reason: 'it has no messages' }),
          };
        }),
      };
    } finally {
      await close();
    }
  });
}

/** What an import would make of a topic, judged from one message. */
function verdictOf(channel: RecordingChannel, data: Uint8Array): TopicCount['verdict'] {
  const nothing = (reason: string) => ({ becomes: 'nothing' as const, columns: null, reason });
  const kind = topicKind(channel);
  if ('skip' in kind) return nothing(kind.skip);
  const decode = decoderFor(channel);
  if ('unsupported' in decode) return nothing(`cannot decode it: ${decode.unsupported}`);
  let message: Record<string, unknown>;
  try {
    message = decode(data) as Record<string, unknown>;
  } catch (e) {
    return nothing(`its first message does not decode (${(e as Error).message})`);
  }
  switch (kind.kind) {
    case 'compressedImage':
    case 'rawImage': {
      const frame = kind.kind === 'compressedImage' ? compressedFrame(message) : rawFrame(message);
      return 'problem' in frame ? nothing(frame.problem) : { becomes: 'video', columns: null, reason: null };
    }
    case 'jointState': {
      const width = Math.max(
        ...(['name', 'position'] as const).map(
          (k) => (message[k] as ArrayLike<unknown> | undefined)?.length ?? 0,
        ),
      );
      return width > 0
        ? { becomes: 'series', columns: width, reason: null }
        : nothing('a joint state with no joints');
    }
    case 'numeric': {
      const n = numericFields(message).length;
      if (n === 0) return nothing('it has no numeric fields');
      if (n > MAX_COLUMNS) return nothing(`it has more than ${MAX_COLUMNS} numeric fields`);
      return { becomes: 'series', columns: n, reason: null };
    }
  }
}
