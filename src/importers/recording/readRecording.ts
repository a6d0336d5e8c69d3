import type { MediaTools } from '../../media/tools';
import { seriesStream, type PendingStream } from '../importEpisode';
import { ImportInputError } from '../inputError';
import { formatHours, MAX_EPISODE_NS } from '../limits';
import type { ReadSource } from '../readGroup';
import { bounded, readTimeFor, type ReadBounds } from '../sourceFile';
import { CameraCalibration, type CameraNote } from './cameras';
import { decoderFor, type Decode } from './decoders';
import { openRecording } from './openRecording';
import { TopicReading } from './topicReaders';
import { streamName, topicKind } from './topicKinds';
import type { RecordingChannel } from './types';

export interface RecordingReadOptions {
  bounds: ReadBounds;
  tools: MediaTools | null;
  /** Topics to import; null: every topic whose type is understood. */
  topics: readonly string[] | null;
  /** A folder of this process for frame files; the caller removes it. */
  tmpDir: string;
  onBytes?: (read: number, total: number) => void;
}

export interface RecordingRead {
  source: ReadSource;
  /** Topics not imported, with why. */
  skipped: { topic: string; type: string; reason: string }[];
  /** What the recording says of each video stream's camera, by stream name. */
  cameras: Record<string, CameraNote>;
}

const PROGRESS_EVERY_MESSAGES = 200;
/** How long a stopped read may take to notice before its folder is removed anyway. */
const SETTLE_MS = 5_000;

/**
 * Reads an MCAP file or ROS 1 bag into one episode (locator '', the whole file): image topics
 * become videos, joint states and other numeric messages series. Nothing is written to the
 * workspace; a damaged file fails whole, naming the file and the record.
 */
export async function readRecording(
  file: string,
  hash: string,
  size: number,
  opts: RecordingReadOptions,
): Promise<RecordingRead> {
  const { bounds } = opts;
  const readings = new Map<string, TopicReading>();
  const skipped = new Map<string, { topic: string; type: string; reason: string }>();
  const wanted = opts.topics ? new Set(opts.topics) : null;
  let format = '';
  let indexed = false;
  // Camera intrinsics and static transforms are read whatever topics are chosen: they become notes, not streams.
  const calibration = new CameraCalibration();
  const calibrators = new Map<string, Decode | null>();
  const calibratorFor = (channel: RecordingChannel): Decode | null => {
    if (!calibrators.has(channel.topic)) {
      const decode = CameraCalibration.reads(channel) ? decoderFor(channel) : null;
      calibrators.set(channel.topic, decode && !('unsupported' in decode) ? decode : null);
    }
    return calibrators.get(channel.topic)!;
  };

  const readingFor = (channel: RecordingChannel): TopicReading | null => {
    const known = readings.get(channel.topic);
    if (known || skipped.has(channel.topic)) return known ?? null;
    const skip = (reason: string) => {
      skipped.set(channel.topic, { topic: channel.topic, type: channel.schemaName, reason });
      return null;
    };
    if (wanted && !wanted.has(channel.topic)) return skip('not chosen');
    const kind = topicKind(channel);
    if ('skip' in kind) return skip(kind.skip);
    const decode = decoderFor(channel);
    if ('unsupported' in decode) return skip(`cannot decode it: ${decode.unsupported}`);
    const reading = new TopicReading(file, channel, kind.kind, decode, opts.tmpDir);
    readings.set(channel.topic, reading);
    return reading;
  };

  const read = async (signal: AbortSignal) => {
    const { reader, close } = await openRecording(file, signal);
    try {
      format = reader.format;
      indexed = reader.indexed;
      if (wanted && reader.indexed) {
        const missing = [...wanted].filter((t) => !reader.channels.some((c) => c.topic === t));
        if (missing.length > 0) {
          throw new ImportInputError(
            file,
            `${file}: has no topic ${missing.join(', ')} (its topics: ${reader.channels.map((c) => c.topic).join(', ')})`,
          );
        }
      }
      // An indexed file is read only for the topics it will use; an unindexed one is read whole anyway.
      for (const c of reader.indexed ? reader.channels : []) readingFor(c);
      const calibrating = reader.channels.filter((c) => calibratorFor(c)).map((c) => c.topic);
      const topics = reader.indexed ? new Set([...readings.keys(), ...calibrating]) : null;
      let n = 0;
      for await (const m of reader.messages(topics, signal)) {
        const reading = readingFor(m.channel);
        if (reading) await reading.add(m.timeNs, m.data);
        const calibrate = calibratorFor(m.channel);
        if (calibrate && calibration.wants(m.channel)) {
          try {
            calibration.add(m.channel, calibrate(m.data) as Record<string, unknown>);
          } catch {
            // A camera note is a hint: a message that does not decode leaves it out.
          }
        }
        if (++n % PROGRESS_EVERY_MESSAGES === 0) opts.onBytes?.(reader.bytesRead, size);
      }
      opts.onBytes?.(size, size);
      if (wanted && !reader.indexed) {
        const missing = [...wanted].filter((t) => !readings.has(t) && !skipped.has(t));
        if (missing.length > 0)
          throw new ImportInputError(file, `${file}: has no topic ${missing.join(', ')}`);
      }
    } finally {
      await close();
    }
  };
  // A cancel or timeout stops the wait at once; the read itself stops at its next step. Wait a
  // little for that, so no frame file is written after the caller removed the folder.
  let reading: Promise<void> | null = null;
  try {
    await bounded(
      file,
      readTimeFor(bounds, size),
      bounds,
      'reading it',
      (signal) => (reading = read(signal)),
    );
  } catch (e) {
    const settled = (reading as Promise<void> | null)?.catch(() => {});
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref())]);
    throw e;
  }

  for (const r of readings.values()) {
    const result = r.result;
    if (result?.kind === 'skipped' || !result) {
      const reason = result?.kind === 'skipped' ? result.reason : 'it has no messages';
      skipped.set(r.channel.topic, { topic: r.channel.topic, type: r.channel.schemaName, reason });
    }
  }
  const used = [...readings.values()].flatMap((r) =>
    r.result && r.result.kind !== 'skipped' ? [r.result] : [],
  );
  if (used.length === 0) {
    const list = [...skipped.values()].map((s) => `${s.topic} (${s.type || 'no schema'}): ${s.reason}`);
    throw new ImportInputError(
      file,
      `${file}: no topic to import: none holds images, joint states or numeric fields${list.length ? ` (${list.join('; ')})` : ''}`,
    );
  }
  const firsts = used.flatMap((u) =>
    u.kind === 'video' ? [u.video.firstNs] : u.streams.map((s) => s.series.firstNs),
  );
  const startNs =
    firsts.reduce<bigint | null>((min, t) => (t !== null && (min === null || t < min) ? t : min), null) ?? 0n;

  const streams: PendingStream[] = [];
  let thumbnail: Uint8Array | null = null;
  for (const u of used) {
    if (u.kind === 'series') {
      for (const [i, { name, series }] of u.streams.entries()) {
        // A joint state's velocity and effort streams are kept only when the messages fill them.
        if (i > 0 && !series.hasValues) continue;
        streams.push(seriesStream(name, series.table(startNs)));
      }
    } else if (u.kind === 'video') {
      if (!opts.tools) {
        throw new ImportInputError(
          file,
          `${file}: cannot import the images of ${u.video.topic}: ffmpeg/ffprobe not found (install ffmpeg or set FFMPEG_PATH)`,
        );
      }
      const { stream, poster } = await u.video.encode(opts.tools, startNs, file, bounds);
      streams.push(stream);
      thumbnail ??= poster;
    }
  }
  const longest = Math.max(...streams.map((s) => s.durationNs));
  if (!(longest <= MAX_EPISODE_NS)) {
    throw new ImportInputError(
      file,
      `${file}: its messages span ${formatHours(longest)}, more than the ${formatHours(MAX_EPISODE_NS)} an episode may last`,
    );
  }
  const names = new Set<string>();
  for (const s of streams) {
    if (names.has(s.name))
      throw new ImportInputError(file, `${file}: two topics make a stream named "${s.name}"`);
    names.add(s.name);
  }
  const cameras: Record<string, CameraNote> = Object.fromEntries(
    [...readings.values()].flatMap((r) => {
      const note = r.result?.kind === 'video' ? calibration.noteFor(r.channel.topic, r.frameId ?? '') : null;
      return note ? [[streamName(r.channel.topic), note]] : [];
    }),
  );
  const base = file
    .split(/[\\/]/)
    .pop()!
    .replace(/\.(mcap|bag)$/i, '');
  return {
    source: {
      name: base,
      primary: file,
      primaryHash: hash,
      origin: { hash, locator: '' },
      streams,
      thumbnail,
      metadata: {
        source: {
          files: [file],
          format,
          indexed,
          startTimeNs: startNs.toString(),
          topics: Object.fromEntries(
            [...readings.values()]
              .filter((r) => r.result && r.result.kind !== 'skipped')
              .map((r) => [r.channel.topic, { type: r.channel.schemaName, messages: r.count }]),
          ),
          skippedTopics: [...skipped.values()].filter((s) => s.reason !== 'not chosen'),
          ...(Object.keys(cameras).length ? { cameras } : {}),
        },
      },
    },
    skipped: [...skipped.values()].filter((s) => s.reason !== 'not chosen'),
    cameras,
  };
}
