import type { EpisodeRows } from './episodeRows';
import type { FileIndex, SeriesFeature } from './lerobotLayout';
import type { VideoWindow } from './lerobotVideos';
import {
  double3ListColumn,
  doubleColumn,
  doubleListColumn,
  int64Column,
  int64ListColumn,
  stringListColumn,
  type Column,
} from './parquetColumns';
import { shapedImageStats, type ImageStats } from './imageStats';
import { statsOf, type FeatureStats } from './stats';

// The rows of `meta/episodes/…parquet` (LeRobot v3.0): where each episode's rows and video
// stretches are, its tasks, its length and its statistics.

export const BOOKKEEPING = ['timestamp', 'frame_index', 'episode_index', 'index', 'task_index'] as const;

/** What an export keeps of an episode once its rows are written. */
export interface WrittenEpisode {
  id: string;
  task: string;
  frames: number;
  from: number;
  data: FileIndex;
  videos: Map<string, VideoWindow>;
  /** Per feature (series, bookkeeping and cameras, the cameras' flat). */
  stats: Record<string, FeatureStats>;
}

/** LeRobot's per-episode statistics of the series and the bookkeeping columns. */
export function episodeStats(
  r: EpisodeRows,
  k: number,
  start: number,
  task: number,
): Record<string, FeatureStats> {
  const out: Record<string, FeatureStats> = {};
  for (const s of r.series) out[s.name] = statsOf(s.values, s.columns.length);
  const n = r.timesNs.length;
  const each = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  out.timestamp = statsOf(
    Float32Array.from(r.timesNs, (t) => t / 1e9),
    1,
  );
  out.frame_index = statsOf(
    each((i) => i),
    1,
  );
  out.episode_index = statsOf(
    each(() => k),
    1,
  );
  out.index = statsOf(
    each((i) => start + i),
    1,
  );
  out.task_index = statsOf(
    each(() => task),
    1,
  );
  return out;
}

const STATS = ['min', 'max', 'mean', 'std'] as const;

/** One feature's statistics columns; a camera's are per channel, shaped [3][1][1]. */
const statColumns = (key: string, per: FeatureStats[], image: boolean): Column[] => {
  const name = (stat: string) => `stats/${key}/${stat}`;
  const rows: (FeatureStats | ImageStats)[] = image ? per.map(shapedImageStats) : per;
  const column = (stat: (typeof STATS)[number]) =>
    image
      ? double3ListColumn(
          name(stat),
          rows.map((s) => s[stat] as number[][][]),
        )
      : doubleListColumn(
          name(stat),
          rows.map((s) => s[stat] as number[]),
        );
  return [
    ...STATS.map(column),
    int64ListColumn(
      name('count'),
      rows.map((s) => s.count),
    ),
  ];
};

/** The columns of the episodes file, in LeRobot's order. */
export function episodeColumns(eps: WrittenEpisode[], series: SeriesFeature[], videos: string[]): Column[] {
  const ints = (name: string, f: (e: WrittenEpisode, k: number) => number) => int64Column(name, eps.map(f));
  const columns: Column[] = [
    ints('episode_index', (_e, k) => k),
    ints('data/chunk_index', (e) => e.data.chunk),
    ints('data/file_index', (e) => e.data.file),
    ints('dataset_from_index', (e) => e.from),
    ints('dataset_to_index', (e) => e.from + e.frames),
  ];
  for (const key of videos) {
    const w = (e: WrittenEpisode) => e.videos.get(key)!;
    columns.push(
      ints(`videos/${key}/chunk_index`, (e) => w(e).at.chunk),
      ints(`videos/${key}/file_index`, (e) => w(e).at.file),
      doubleColumn(
        `videos/${key}/from_timestamp`,
        eps.map((e) => w(e).fromS),
      ),
      doubleColumn(
        `videos/${key}/to_timestamp`,
        eps.map((e) => w(e).toS),
      ),
    );
  }
  columns.push(
    stringListColumn(
      'tasks',
      eps.map((e) => [e.task]),
    ),
    ints('length', (e) => e.frames),
  );
  for (const key of videos)
    columns.push(
      ...statColumns(
        key,
        eps.map((e) => e.stats[key]!),
        true,
      ),
    );
  for (const key of [...series.map((f) => f.name), ...BOOKKEEPING]) {
    columns.push(
      ...statColumns(
        key,
        eps.map((e) => e.stats[key]!),
        false,
      ),
    );
  }
  columns.push(
    ints('meta/episodes/chunk_index', () => 0),
    ints('meta/episodes/file_index', () => 0),
  );
  return columns;
}

/** The `features` of `meta/info.json`. */
export function infoFeatures(
  series: SeriesFeature[],
  videos: Map<string, { width: number; height: number }>,
  fps: number,
): Record<string, unknown> {
  const features: Record<string, unknown> = {};
  for (const f of series) {
    features[f.name] = { dtype: 'float32', shape: [f.width], names: f.columns, fps };
  }
  for (const [key, v] of videos) {
    features[key] = {
      dtype: 'video',
      shape: [v.height, v.width, 3],
      names: ['height', 'width', 'channels'],
      info: {
        'video.height': v.height,
        'video.width': v.width,
        'video.codec': 'h264',
        'video.pix_fmt': 'yuv420p',
        'video.is_depth_map': false,
        'video.fps': fps,
        'video.channels': 3,
        has_audio: false,
      },
    };
  }
  features.timestamp = { dtype: 'float32', shape: [1], names: null, fps };
  for (const k of ['frame_index', 'episode_index', 'index', 'task_index']) {
    features[k] = { dtype: 'int64', shape: [1], names: null, fps };
  }
  return features;
}

/** `meta/tasks.parquet`'s pandas metadata: a frame indexed by the task string, as LeRobot writes it. */
export const PANDAS_TASKS = {
  index_columns: ['__index_level_0__'],
  column_indexes: [
    {
      name: null,
      field_name: null,
      pandas_type: 'unicode',
      numpy_type: 'object',
      metadata: { encoding: 'UTF-8' },
    },
  ],
  columns: [
    {
      name: 'task_index',
      field_name: 'task_index',
      pandas_type: 'int64',
      numpy_type: 'int64',
      metadata: null,
    },
    {
      name: null,
      field_name: '__index_level_0__',
      pandas_type: 'unicode',
      numpy_type: 'object',
      metadata: null,
    },
  ],
  attributes: {},
  creator: { library: 'mimic-studio', version: '1' },
  pandas_version: '2.3.3',
};
