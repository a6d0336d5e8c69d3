import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportInputError } from '../inputError';
import { fillTemplate, videoKeys, type Info, type SeriesFeature } from './info';
import { integer, openParquet } from './parquet';

/** One episode as the dataset's metadata describes it, with the files that hold it. */
export interface LerobotEpisode {
  index: number;
  /** Frames, as the metadata says. */
  length: number;
  tasks: string[];
  dataFile: string;
  /** v3: the episode's rows are `[from, to)` of the dataset's global `index`; v2: the whole file. */
  window: { from: number; to: number } | null;
  videos: { key: string; file: string; fromS: number | null; toS: number | null }[];
  /** Per-feature statistics of the numeric features (min, max, mean, std, count), if the dataset has them. */
  stats: Record<string, Record<string, unknown>>;
  /** Where the metadata record is, for messages: `meta/episodes.jsonl line 2`. */
  record: string;
}

export interface EpisodeList {
  episodes: LerobotEpisode[];
  /** Records that cannot be used, each named by file and record. */
  errors: { path: string; message: string }[];
}

const STATS = ['min', 'max', 'mean', 'std', 'count'];

/** v2.x: `meta/episodes.jsonl` lists the episodes (their indices need not start at 0 or be dense). */
export function listV2(dir: string, info: Info, series: SeriesFeature[]): EpisodeList {
  const file = path.join(dir, 'meta', 'episodes.jsonl');
  const out: EpisodeList = { episodes: [], errors: [] };
  const stats = readV2Stats(dir, series);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ImportInputError(file, `${file}: cannot read the episode list (${(e as Error).message})`);
  }
  const seen = new Set<number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const record = `line ${i + 1}`;
    const refuse = (problem: string): void => {
      out.errors.push({ path: file, message: `${file}: ${record}: ${problem}` });
    };
    let obj: { episode_index?: unknown; tasks?: unknown; length?: unknown };
    try {
      obj = JSON.parse(raw) as typeof obj;
    } catch (e) {
      refuse(`not valid JSON (${(e as Error).message})`);
      return;
    }
    const index = integer(obj.episode_index);
    const length = integer(obj.length);
    if (index === null || index < 0) return refuse('no episode_index (a whole number from 0)');
    if (length === null || length < 1)
      return refuse(`episode_index=${index}: no length (a number of frames)`);
    if (seen.has(index)) return refuse(`episode_index=${index} appears twice`);
    seen.add(index);
    const chunk = Math.floor(index / info.chunks_size);
    const videos = videoKeys(info).map((key) => ({
      key,
      file: path.join(
        dir,
        fillTemplate(info.video_path ?? '', { episode_chunk: chunk, episode_index: index, video_key: key }),
      ),
      fromS: null,
      toS: null,
    }));
    out.episodes.push({
      index,
      length,
      tasks: strings(obj.tasks),
      dataFile: path.join(dir, fillTemplate(info.data_path, { episode_chunk: chunk, episode_index: index })),
      window: null,
      videos,
      stats: stats.get(index) ?? {},
      record: `${path.join('meta', 'episodes.jsonl')} ${record}`,
    });
  });
  return out;
}

/** v2.1's `meta/episodes_stats.jsonl`, kept for the numeric features; absent in v2.0. */
function readV2Stats(
  dir: string,
  series: SeriesFeature[],
): Map<number, Record<string, Record<string, unknown>>> {
  const out = new Map<number, Record<string, Record<string, unknown>>>();
  let text: string;
  try {
    text = readFileSync(path.join(dir, 'meta', 'episodes_stats.jsonl'), 'utf8');
  } catch {
    return out;
  }
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim()) continue;
    try {
      const obj = JSON.parse(raw) as {
        episode_index?: unknown;
        stats?: Record<string, Record<string, unknown>>;
      };
      const index = integer(obj.episode_index);
      if (index === null || !obj.stats) continue;
      const kept: Record<string, Record<string, unknown>> = {};
      for (const f of series) {
        const s = obj.stats[f.key];
        if (s) kept[f.key] = Object.fromEntries(STATS.filter((k) => k in s).map((k) => [k, s[k]]));
      }
      out.set(index, kept);
    } catch {
      // Statistics are informational: a damaged line loses only them.
    }
  }
  return out;
}

/** v3.x: `meta/episodes/chunk-*\/file-*.parquet`, one row per episode with its data and video windows. */
export async function listV3(dir: string, info: Info, series: SeriesFeature[]): Promise<EpisodeList> {
  const root = path.join(dir, 'meta', 'episodes');
  const files = parquetFilesUnder(root);
  if (files.length === 0) {
    throw new ImportInputError(root, `${root}: no episode metadata (meta/episodes/chunk-*/file-*.parquet)`);
  }
  const out: EpisodeList = { episodes: [], errors: [] };
  const seen = new Set<number>();
  const keys = videoKeys(info);
  for (const file of files) {
    const pq = await openParquet(file);
    const need = [
      'episode_index',
      'data/chunk_index',
      'data/file_index',
      'dataset_from_index',
      'dataset_to_index',
    ];
    const missing = need.filter((c) => !pq.columns.includes(c));
    if (missing.length) {
      throw new ImportInputError(
        file,
        `${file}: episode metadata without the column(s) ${missing.join(', ')}`,
      );
    }
    const videoColumns = keys.flatMap((k) =>
      ['chunk_index', 'file_index', 'from_timestamp', 'to_timestamp'].map((c) => `videos/${k}/${c}`),
    );
    const statColumns = series.flatMap((f) => STATS.map((s) => `stats/${f.key}/${s}`));
    const wanted = [...need, 'tasks', 'length', ...videoColumns, ...statColumns].filter((c) =>
      pq.columns.includes(c),
    );
    const STEP = 1000;
    for (let start = 0; start < pq.rows; start += STEP) {
      const rows = await pq.read(wanted, start, Math.min(pq.rows, start + STEP));
      rows.forEach((row, i) => {
        const record = `row ${start + i}`;
        const refuse = (problem: string): void => {
          out.errors.push({ path: file, message: `${file}: ${record}: ${problem}` });
        };
        const index = integer(row.episode_index);
        if (index === null || index < 0) return refuse('no episode_index');
        const from = integer(row.dataset_from_index);
        const to = integer(row.dataset_to_index);
        const chunk = integer(row['data/chunk_index']);
        const fileIndex = integer(row['data/file_index']);
        if (from === null || to === null || to <= from || chunk === null || fileIndex === null) {
          return refuse(`episode_index=${index}: no usable data location (chunk, file, from and to index)`);
        }
        if (seen.has(index)) return refuse(`episode_index=${index} appears twice`);
        const videos: LerobotEpisode['videos'] = [];
        for (const key of keys) {
          const c = integer(row[`videos/${key}/chunk_index`]);
          const f = integer(row[`videos/${key}/file_index`]);
          const fromS = row[`videos/${key}/from_timestamp`];
          const toS = row[`videos/${key}/to_timestamp`];
          if (
            c === null ||
            f === null ||
            typeof fromS !== 'number' ||
            typeof toS !== 'number' ||
            !(toS > fromS)
          ) {
            return refuse(`episode_index=${index}: no usable location in the video of "${key}"`);
          }
          const rel = fillTemplate(info.video_path ?? '', { video_key: key, chunk_index: c, file_index: f });
          videos.push({ key, file: path.join(dir, rel), fromS, toS });
        }
        seen.add(index);
        const stats: Record<string, Record<string, unknown>> = {};
        for (const f of series) {
          const s = Object.fromEntries(
            STATS.filter((k) => `stats/${f.key}/${k}` in row).map((k) => [
              k,
              plain(row[`stats/${f.key}/${k}`]),
            ]),
          );
          if (Object.keys(s).length) stats[f.key] = s;
        }
        out.episodes.push({
          index,
          length: integer(row.length) ?? to - from,
          tasks: strings(row.tasks),
          dataFile: path.join(
            dir,
            fillTemplate(info.data_path, { chunk_index: chunk, file_index: fileIndex }),
          ),
          window: { from, to },
          videos,
          stats,
          record: `${path.relative(dir, file)} ${record}`,
        });
      });
    }
  }
  out.episodes.sort((a, b) => a.index - b.index);
  return out;
}

function parquetFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name.endsWith('.parquet')) out.push(full);
    }
  };
  walk(root);
  return out;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string' && t.length > 0) : [];

/** JSON-safe: int64 counts arrive as bigint. */
const plain = (v: unknown): unknown =>
  typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(plain) : v;
