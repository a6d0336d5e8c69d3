import path from 'node:path';
import { MediaInputError, posterFrame, probeVideo, type VideoProbe } from '../../media/probe';
import type { MediaTools } from '../../media/tools';
import { isInputError, seriesStream, type PendingStream } from '../importEpisode';
import { ImportInputError } from '../inputError';
import { MAX_EPISODE_NS, outsideFloat32 } from '../limits';
import type { ReadSource } from '../readGroup';
import { bounded, hashInput, readTimeFor, type ReadBounds } from '../sourceFile';
import type { LerobotEpisode } from './episodes';
import type { Info, LerobotVersion, SeriesFeature } from './info';
import { integer, openParquet, type ParquetFile } from './parquet';

/** What every episode of one dataset shares: its metadata and the files already opened, hashed or probed. */
export class LerobotDataset {
  private readonly parquet = new Map<string, Promise<ParquetFile>>();
  private readonly hashes = new Map<string, Promise<{ hash: string; size: number }>>();
  private readonly probes = new Map<string, Promise<VideoProbe>>();
  private readonly firstIndex = new Map<string, Promise<number>>();

  constructor(
    readonly dir: string,
    readonly version: LerobotVersion,
    readonly info: Info,
    readonly series: SeriesFeature[],
    readonly tools: MediaTools | null,
    readonly bounds: ReadBounds,
    readonly warn: (path: string, message: string) => void,
  ) {}

  private once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let p = cache.get(key);
    if (!p) {
      p = make();
      cache.set(key, p);
    }
    return p;
  }

  open = (file: string) => this.once(this.parquet, file, () => openParquet(file));
  hash = (file: string) => this.once(this.hashes, file, () => hashInput(file, this.bounds));

  probe(file: string): Promise<VideoProbe> {
    return this.once(this.probes, file, async () => {
      const tools = this.tools;
      if (!tools) {
        throw new ImportInputError(
          file,
          `${file}: cannot import video: ffmpeg/ffprobe not found (install ffmpeg or set FFMPEG_PATH)`,
        );
      }
      const { size } = await this.hash(file);
      return bounded(file, readTimeFor(this.bounds, size), this.bounds, 'probing it with ffprobe', (signal) =>
        probeVideo(tools, file, signal),
      );
    });
  }

  /** The global `index` of a v3 data file's first row: an episode's rows are found from it. */
  fileStart(pq: ParquetFile): Promise<number> {
    return this.once(this.firstIndex, pq.file, async () => {
      if (!pq.columns.includes('index')) {
        throw new ImportInputError(pq.file, `${pq.file}: no "index" column (LeRobot v3 data files have one)`);
      }
      const [row] = await pq.read(['index'], 0, 1);
      const first = integer(row?.index);
      if (first === null) throw new ImportInputError(pq.file, `${pq.file}: row 0: no usable "index"`);
      return first;
    });
  }
}

/** One LeRobot episode read whole, or an input error naming the file and the record: never a partial episode. */
export async function readEpisode(ds: LerobotDataset, ep: LerobotEpisode): Promise<ReadSource> {
  const locator = `episode_index=${ep.index}`;
  try {
    return await readWhole(ds, ep);
  } catch (e) {
    // A file shared by several episodes fails each of them: say which one this is.
    if (isInputError(e) && !e.message.includes(locator)) {
      throw new ImportInputError(e.file, `${e.message} (${locator}, ${ep.record})`);
    }
    throw e;
  }
}

async function readWhole(ds: LerobotDataset, ep: LerobotEpisode): Promise<ReadSource> {
  const locator = `episode_index=${ep.index}`;
  const file = ep.dataFile;
  const where = `${file} (${locator})`;
  const fail = (problem: string) => new ImportInputError(file, `${where}: ${problem}`);
  const pq = await ds.open(file);
  const missing = ['timestamp', 'episode_index', ...ds.series.map((f) => f.key)].filter(
    (c) => !pq.columns.includes(c),
  );
  if (missing.length) {
    throw fail(
      `the column(s) ${missing.map((c) => `"${c}"`).join(', ')} that meta/info.json lists are missing`,
    );
  }
  let start = 0;
  let end = pq.rows;
  if (ep.window) {
    start = ep.window.from - (await ds.fileStart(pq));
    end = start + (ep.window.to - ep.window.from);
    if (start < 0 || end > pq.rows) {
      throw fail(
        `${ep.record} places the episode at rows ${start}–${end - 1}, but the file has ${pq.rows} rows`,
      );
    }
  } else if (pq.rows !== ep.length) {
    ds.warn(
      file,
      `${where}: ${pq.rows} rows, but ${ep.record} says ${ep.length} frames; the rows are imported`,
    );
  }
  if (end <= start) throw fail('no rows');
  const columns = ['timestamp', 'episode_index', ...ds.series.map((f) => f.key)];
  const rows = await pq.read(columns, start, end);
  if (rows.length !== end - start) throw fail(`read ${rows.length} rows of ${end - start}`);

  const n = rows.length;
  const bounds = ds.series.map((f) => statBounds(ep.stats[f.key], f.width));
  const times = new Float64Array(n);
  const values = ds.series.map((f) => new Float32Array(n * f.width));
  rows.forEach((row, r) => {
    const at = `row ${start + r}`;
    if (integer(row.episode_index) !== ep.index) {
      throw fail(
        `${at}: episode_index is ${String(row.episode_index)}, not ${ep.index} (the episode metadata and the data disagree)`,
      );
    }
    const t = row.timestamp;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
      throw fail(`${at}: timestamp ${String(t)} is not a time`);
    // float32 seconds hold about a microsecond at episode lengths: finer digits are noise.
    times[r] = Math.round(t * 1e6) * 1e3;
    if (r > 0 && !(times[r]! > times[r - 1]!)) throw fail(`${at}: timestamp does not increase`);
    if (times[r]! > MAX_EPISODE_NS) throw fail(`${at}: timestamp ${t} s is later than an episode may last`);
    ds.series.forEach((f, i) => {
      const cell = row[f.key];
      const list = Array.isArray(cell) ? cell : f.width === 1 ? [cell] : null;
      if (!list || list.length !== f.width) {
        throw fail(`${at}, "${f.key}": expected ${f.width} values, found ${describe(cell)}`);
      }
      for (let c = 0; c < f.width; c++) {
        const raw = list[c] as unknown;
        const v = typeof raw === 'boolean' ? Number(raw) : typeof raw === 'bigint' ? Number(raw) : raw;
        if (typeof v !== 'number' || outsideFloat32(v)) {
          throw fail(`${at}, "${f.key}"[${c}]: ${String(raw)} is not a finite float32 value`);
        }
        const b = bounds[i];
        if (b && !(v >= b.min[c]! - slack(b.min[c]!) && v <= b.max[c]! + slack(b.max[c]!))) {
          throw fail(
            `${at}, "${f.key}"[${c}]: ${v} lies outside the range [${b.min[c]}, ${b.max[c]}] the dataset's statistics record for the episode: damaged data?`,
          );
        }
        values[i]![r * f.width + c] = v;
      }
    });
  });

  const streams: PendingStream[] = [];
  const files = [file];
  let thumbnail: Uint8Array | null = null;
  for (const v of ep.videos) {
    files.push(v.file);
    const { stream, posterAtNs } = await videoWindow(ds, v, n, where);
    streams.push(stream);
    if (!thumbnail && ds.tools) {
      const tools = ds.tools;
      const { size } = await ds.hash(v.file);
      thumbnail = await bounded(
        v.file,
        readTimeFor(ds.bounds, size),
        ds.bounds,
        'decoding its poster frame',
        (s) => posterFrame(tools, v.file, posterAtNs, s),
      );
    }
  }
  ds.series.forEach((f, i) =>
    streams.push(seriesStream(f.key, { columns: f.columns, timestampsNs: times, values: values[i]! })),
  );
  const { hash } = await ds.hash(file);
  const durationNs = Math.max(...streams.map((s) => s.durationNs));
  const name = path.basename(ds.dir);
  return {
    name: `${name}#${ep.index}`,
    primary: file,
    primaryHash: hash,
    origin: { hash, locator },
    streams,
    thumbnail,
    metadata: {
      source: { files, locator },
      instructions: ep.tasks,
      lerobot: {
        dataset: name,
        codebaseVersion: ds.info.codebase_version,
        robotType: ds.info.robot_type ?? null,
        fps: ds.info.fps,
        episodeIndex: ep.index,
        tasks: ep.tasks,
        stats: ep.stats,
      },
    },
    segments: ep.tasks.map((task) => ({ startNs: 0, endNs: durationNs, label: 'task', instruction: task })),
  };
}

/**
 * An episode's camera: the whole file (v2) or its window `[from, to)` of a shared file (v3), which
 * the stream plays from `video.offsetNs` on. Its frames must match the data rows (one frame of
 * difference is taken with a warning).
 */
async function videoWindow(
  ds: LerobotDataset,
  v: LerobotEpisode['videos'][number],
  rows: number,
  where: string,
): Promise<{ stream: PendingStream; posterAtNs: number }> {
  const probe = await ds.probe(v.file);
  const { hash } = await ds.hash(v.file);
  const all = probe.timestampsNs;
  let lo = 0;
  let hi = all.length;
  let offsetNs = 0;
  let windowNs = probe.durationNs;
  if (v.fromS !== null && v.toS !== null) {
    offsetNs = Math.round(v.fromS * 1e9);
    const endNs = Math.round(v.toS * 1e9);
    // A frame belongs to the window when it starts within it; half a frame of slack for rounding.
    const half = 0.5e9 / (probe.fps || ds.info.fps);
    lo = all.findIndex((t) => t >= offsetNs - half);
    if (lo < 0) lo = all.length;
    hi = lo;
    while (hi < all.length && all[hi]! < endNs - half) hi++;
    windowNs = endNs - offsetNs;
  }
  const frames = hi - lo;
  const span = v.fromS !== null ? ` between ${v.fromS} s and ${v.toS} s` : '';
  if (Math.abs(frames - rows) > 1) {
    throw new MediaInputError(
      v.file,
      `has ${frames} frames${span} for ${where}, but the data has ${rows} rows (a video of another length?)`,
    );
  }
  if (frames !== rows) {
    ds.warn(
      v.file,
      `${v.file}: ${frames} frames${span} for ${where}, but the data has ${rows} rows; imported as is`,
    );
  }
  const timestampsNs = Float64Array.from(all.subarray(lo, hi), (t) => t - offsetNs);
  if (timestampsNs.length > 0 && timestampsNs[0]! < 0) timestampsNs[0] = 0;
  const interval = 1e9 / (probe.fps || ds.info.fps);
  const last = timestampsNs[timestampsNs.length - 1] ?? 0;
  const video: Record<string, unknown> = {
    codec: probe.codec,
    width: probe.width,
    height: probe.height,
    fps: probe.fps,
    container: probe.container,
    mime: probe.mime,
  };
  if (offsetNs > 0) video.offsetNs = offsetNs;
  return {
    stream: {
      name: v.key,
      kind: 'video',
      frames,
      durationNs: v.fromS !== null ? Math.round(Math.max(windowNs, last + interval)) : probe.durationNs,
      columns: [],
      video,
      data: { file: v.file, hash, mime: probe.mime },
      timestampsNs,
    },
    posterAtNs: offsetNs + Math.round(windowNs * 0.1),
  };
}

/**
 * The per-column min and max the dataset recorded for an episode: values outside them mean the data
 * changed since (parquet pages carry no checksum by default, so a flipped bit can still decode).
 */
function statBounds(stats: Record<string, unknown> | undefined, width: number) {
  const list = (v: unknown) =>
    Array.isArray(v) && v.length === width && v.every((x) => typeof x === 'number') ? (v as number[]) : null;
  const min = list(stats?.min);
  const max = list(stats?.max);
  return min && max ? { min, max } : null;
}

/** Statistics are computed in float64 from float32 values: allow their rounding. */
const slack = (v: number) => 1e-6 * Math.max(1, Math.abs(v));

function describe(cell: unknown): string {
  if (Array.isArray(cell)) return `${cell.length}`;
  if (cell === null || cell === undefined) return 'none';
  return typeof cell;
}
