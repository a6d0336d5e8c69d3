import path from 'node:path';
import { MediaInputError, posterFrame, probeVideo, type VideoProbe } from '../media/probe';
import type { MediaTools } from '../media/tools';
import type { EpisodeGroup } from './discover';
import { seriesStream, videoStream, type EpisodeSource, type PendingStream } from './importEpisode';
import { ImportInputError } from './inputError';
import { DEFAULT_READ_TIMEOUT_MS, formatHours, MAX_EPISODE_NS } from './limits';
import { bounded, hashInput, readLog, readTimeFor, type ReadBounds } from './sourceFile';
import { parseCsv, parseJsonl, splitByPrefix, type LogEpisode, type SeriesTable } from './teleop';

export interface ReadOptions {
  signal?: AbortSignal;
  /** The time any read may take before the file's size is counted; see limits.ts. */
  readTimeoutMs?: number;
}

export type ReadSource = EpisodeSource & { primaryHash: string | null };

/**
 * Reads, probes and parses a group's files without writing anything: one source per episode they
 * hold. A log with an `episode_index` (or `episode`) column, read on its own, holds one episode per
 * value, named `<key>#<n>`; every other group is one episode.
 */
export async function readGroup(
  group: EpisodeGroup,
  tools: MediaTools | null,
  opts: ReadOptions = {},
): Promise<ReadSource[]> {
  const bounds: ReadBounds = { signal: opts.signal, baseMs: opts.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS };
  const streams: PendingStream[] = [];
  let thumbnail: Uint8Array | null = null;
  let primaryHash: string | null = null;
  const primary = group.videos[0]?.file ?? group.logs[0]?.file ?? null;
  for (const { file, stream } of group.videos) {
    if (!tools) {
      throw new ImportInputError(
        file,
        `${file}: cannot import video: ffmpeg/ffprobe not found (install ffmpeg or set FFMPEG_PATH)`,
      );
    }
    const { hash, size } = await hashInput(file, bounds);
    if (file === primary) primaryHash = hash;
    const ms = readTimeFor(bounds, size);
    const probe = await bounded(file, ms, bounds, 'probing it with ffprobe', (signal) =>
      probeVideo(tools, file, signal),
    );
    checkVideoTimes(file, probe);
    streams.push(videoStream(stream, file, hash, probe));
    thumbnail ??= await bounded(file, ms, bounds, 'decoding its poster frame', (signal) =>
      posterFrame(tools, file, probe.durationNs * 0.1, signal),
    );
  }
  const logs: { file: string; stream: string; named: boolean; hash: string; episodes: LogEpisode[] }[] = [];
  for (const log of group.logs) {
    const { text, hash } = await readLog(log.file, bounds);
    const parse = path.extname(log.file).toLowerCase() === '.jsonl' ? parseJsonl : parseCsv;
    logs.push({ ...log, hash, episodes: parse(text, log.file) });
    if (log.file === primary) primaryHash = hash;
  }
  const toStreams = (log: (typeof logs)[number], table: SeriesTable) =>
    (log.named ? [{ name: log.stream, table }] : splitByPrefix(table, log.stream)).map((part) =>
      seriesStream(part.name, part.table),
    );
  const files = [...group.videos, ...group.logs].map((f) => f.file);

  const [only] = logs;
  if (group.videos.length === 0 && logs.length === 1 && only!.episodes[0]!.index !== null) {
    return only!.episodes.map(({ index, table }) => {
      const locator = `episode_index=${index}`;
      return checked({
        name: `${group.key}#${index}`,
        primary: only!.file,
        primaryHash: only!.hash,
        origin: { hash: only!.hash, locator },
        streams: toStreams(only!, table),
        thumbnail: null,
        metadata: { source: { files, locator } },
      });
    });
  }
  const several = logs.find((l) => l.episodes.length > 1);
  if (several) {
    const values = several.episodes.map((e) => e.index);
    const list =
      values.length > 6 ? `${values.slice(0, 5).join(', ')}, … ${values.at(-1)}` : values.join(', ');
    const held = `${several.file}: holds ${values.length} episodes (episode_index ${list})`;
    const video = group.videos[0]?.file;
    throw new ImportInputError(
      several.file,
      video
        ? `${held} but the video ${video} beside it is one episode; import the log on its own (rename or move the video or the log)`
        : `${held} but shares the episode name "${group.key}" with ${logs.find((l) => l !== several)!.file}; a log of several episodes is imported on its own (rename one of them)`,
    );
  }
  for (const log of logs) streams.push(...toStreams(log, log.episodes[0]!.table));
  return [
    checked({
      name: group.key,
      primary,
      primaryHash,
      origin: primaryHash === null ? null : { hash: primaryHash, locator: '' },
      streams,
      thumbnail,
      metadata: { source: { files } },
    }),
  ];
}

/** A source whose streams have distinct names. */
function checked(source: ReadSource): ReadSource {
  const names = new Set<string>();
  for (const s of source.streams) {
    const at = source.primary ?? source.name;
    if (names.has(s.name)) throw new ImportInputError(at, `${at}: two streams are named "${s.name}"`);
    names.add(s.name);
  }
  return source;
}

/** A damaged container can claim times no recording has: keep them to the episode limit. */
function checkVideoTimes(file: string, probe: VideoProbe): void {
  if (!(probe.durationNs <= MAX_EPISODE_NS)) {
    throw new MediaInputError(
      file,
      `its frame times span ${formatHours(probe.durationNs)}, more than the ${formatHours(MAX_EPISODE_NS)} an episode may last (a damaged index?)`,
    );
  }
  if (!Number.isFinite(probe.fps)) throw new MediaInputError(file, 'has no usable frame rate');
}
