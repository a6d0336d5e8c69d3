import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Episode, ExportDatasetResult } from '../common/api';
import { StudioError } from '../common/api';
import type { z } from 'zod';
import type { ExportDatasetRequestSchema } from '../common/api/exportCalls';
import { probeVideo } from '../media/probe';
import type { MediaTools } from '../media/tools';
import { shownVideo } from '../redact/versions';
import { exportedEpisodes } from './selection';
import type { Workspace } from '../workspace/workspace';
import { clockStream, episodeRows, type EpisodeRows } from './episodeRows';
import { applyLabelSeries } from './labelColumns';
import {
  doubleColumn,
  double3ListColumn,
  doubleListColumn,
  floatColumn,
  floatListColumn,
  int64Column,
  int64ListColumn,
  stringColumn,
  stringListColumn,
  writeParquet,
  type Column,
} from './parquetColumns';
import { clipImageStats, flatImageStats, shapedImageStats } from './imageStats';
import { provenance } from './provenance';
import { aggregateStats, statsOf, type FeatureStats } from './stats';
import { cutClip, joinClips } from './videoClips';

// LeRobot v3.0's layout and schemas (huggingface/lerobot `lerobot/datasets/utils.py`): every
// episode's rows in `data/chunk-000/file-000.parquet`, one row per episode in
// `meta/episodes/chunk-000/file-000.parquet`, each camera's episodes end to end in
// `videos/<key>/chunk-000/file-000.mp4`, tasks in `meta/tasks.parquet`, `meta/stats.json`, `meta/info.json`.

export type ExportRequest = z.output<typeof ExportDatasetRequestSchema>;

const DATA_PATH = 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';
const VIDEO_PATH = 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4';
const DATA_FILE = 'data/chunk-000/file-000.parquet';
const EPISODES_FILE = 'meta/episodes/chunk-000/file-000.parquet';
const videoFile = (key: string) => `videos/${key}/chunk-000/file-000.mp4`;
const BOOKKEEPING = ['timestamp', 'frame_index', 'episode_index', 'index', 'task_index'] as const;

export interface ExportHooks {
  signal?: AbortSignal;
  progress?: (fraction: number, message: string) => void;
}

export async function exportLerobotV3(
  ws: Workspace,
  tools: MediaTools | null,
  req: ExportRequest,
  hooks: ExportHooks = {},
): Promise<ExportDatasetResult> {
  const out = path.resolve(req.out);
  checkOut(out);
  const { episodes, leftOut } = exportedEpisodes(ws, req);
  const layout = sharedLayout(episodes);
  const fps = datasetFps(episodes);
  if (layout.videos.length > 0 && !tools) {
    throw new StudioError(
      'unavailable',
      'cannot export video: ffmpeg/ffprobe not found (install ffmpeg or set FFMPEG_PATH)',
    );
  }
  const tmp = `${out}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const rows: EpisodeRows[] = [];
    for (const [i, e] of episodes.entries()) {
      hooks.signal?.throwIfAborted();
      hooks.progress?.(i / (episodes.length * 2), `Reading ${e.name} (${i + 1} of ${episodes.length})`);
      rows.push(await episodeRows(ws, e));
    }
    layout.series.push(...(await applyLabelSeries(ws, rows)));
    const tasks = [...new Set(episodes.map(taskOf))];
    const taskIndex = (e: Episode) => tasks.indexOf(taskOf(e));
    const starts: number[] = [];
    rows.reduce((at, r) => (starts.push(at), at + r.timesNs.length), 0);
    const total = rows.reduce((a, r) => a + r.timesNs.length, 0);

    // Data: one row per frame, every episode in one file.
    const perEpisodeStats = rows.map((r, k) => episodeStats(r, k, starts[k]!, taskIndex(r.episode)));
    const data: Column[] = layout.series.map((f) => {
      const cells: number[][] = [];
      for (const r of rows) {
        const s = r.series.find((x) => x.name === f.name)!;
        for (let i = 0; i < r.timesNs.length; i++)
          cells.push(Array.from(s.values.subarray(i * f.width, (i + 1) * f.width)));
      }
      return f.width === 1
        ? floatColumn(
            f.name,
            cells.map((c) => c[0]!),
          )
        : floatListColumn(f.name, cells);
    });
    const each = (f: (r: EpisodeRows, k: number, i: number) => number) =>
      rows.flatMap((r, k) => Array.from(r.timesNs, (_, i) => f(r, k, i)));
    data.push(
      floatColumn(
        'timestamp',
        each((r, _k, i) => r.timesNs[i]! / 1e9),
      ),
      int64Column(
        'frame_index',
        each((_r, _k, i) => i),
      ),
      int64Column(
        'episode_index',
        each((_r, k) => k),
      ),
      int64Column(
        'index',
        each((_r, k, i) => starts[k]! + i),
      ),
      int64Column(
        'task_index',
        each((r) => taskIndex(r.episode)),
      ),
    );
    mkdirSync(path.join(tmp, path.dirname(DATA_FILE)), { recursive: true });
    writeParquet(path.join(tmp, DATA_FILE), data);

    // Videos: each episode's stretch cut at the dataset's fps, then joined without re-encoding.
    const videoInfo = new Map<string, { width: number; height: number; windows: [number, number][] }>();
    const imageStats = new Map<string, FeatureStats[]>(layout.videos.map((k) => [k, []]));
    for (const key of layout.videos) {
      const clips: string[] = [];
      const clipDir = path.join(tmp, '.clips', key);
      mkdirSync(clipDir, { recursive: true });
      for (const [k, r] of rows.entries()) {
        hooks.signal?.throwIfAborted();
        hooks.progress?.(
          0.5 + k / (rows.length * 2 * layout.videos.length),
          `Cutting ${key} of ${r.episode.name}`,
        );
        const v = r.videos.find((x) => x.stream.name === key)!;
        const clip = path.join(clipDir, `${k}.mp4`);
        await cutClip(
          tools!,
          ws.blobs.pathOf(shownVideo(ws.db, v.stream.blob)),
          v.startNs,
          r.timesNs.length,
          fps,
          clip,
          `episode ${r.episode.id} (${r.episode.name}), camera ${key}`,
          hooks.signal,
        );
        clips.push(clip);
        const { width, height } = v.stream.video ?? { width: 0, height: 0 };
        imageStats
          .get(key)!
          .push(
            flatImageStats(await clipImageStats(tools!, clip, r.timesNs.length, width, height, hooks.signal)),
          );
      }
      const file = path.join(tmp, videoFile(key));
      mkdirSync(path.dirname(file), { recursive: true });
      await joinClips(tools!, clips, file, hooks.signal);
      const probe = await probeVideo(tools!, file, hooks.signal);
      if (probe.timestampsNs.length !== total) {
        throw new StudioError(
          'internal',
          `${videoFile(key)}: ${probe.timestampsNs.length} frames after joining, expected ${total}`,
        );
      }
      const windows: [number, number][] = [];
      rows.reduce((at, r) => {
        windows.push([at / fps, (at + r.timesNs.length) / fps]);
        return at + r.timesNs.length;
      }, 0);
      videoInfo.set(key, { width: probe.width, height: probe.height, windows });
    }
    rmSync(path.join(tmp, '.clips'), { recursive: true, force: true });

    // Episodes: where each episode's rows and video stretches are, its tasks and statistics.
    const epColumns: Column[] = [
      int64Column(
        'episode_index',
        rows.map((_, k) => k),
      ),
      int64Column(
        'data/chunk_index',
        rows.map(() => 0),
      ),
      int64Column(
        'data/file_index',
        rows.map(() => 0),
      ),
      int64Column('dataset_from_index', starts),
      int64Column(
        'dataset_to_index',
        rows.map((r, k) => starts[k]! + r.timesNs.length),
      ),
    ];
    for (const key of layout.videos) {
      const w = videoInfo.get(key)!.windows;
      epColumns.push(
        int64Column(
          `videos/${key}/chunk_index`,
          rows.map(() => 0),
        ),
        int64Column(
          `videos/${key}/file_index`,
          rows.map(() => 0),
        ),
        doubleColumn(
          `videos/${key}/from_timestamp`,
          w.map((x) => x[0]),
        ),
        doubleColumn(
          `videos/${key}/to_timestamp`,
          w.map((x) => x[1]),
        ),
      );
    }
    epColumns.push(
      stringListColumn(
        'tasks',
        rows.map((r) => [taskOf(r.episode)]),
      ),
      int64Column(
        'length',
        rows.map((r) => r.timesNs.length),
      ),
    );
    const statKeys = [...layout.series.map((f) => f.name), ...BOOKKEEPING];
    for (const key of layout.videos) {
      const per = imageStats.get(key)!.map(shapedImageStats);
      epColumns.push(
        double3ListColumn(
          `stats/${key}/min`,
          per.map((s) => s.min),
        ),
        double3ListColumn(
          `stats/${key}/max`,
          per.map((s) => s.max),
        ),
        double3ListColumn(
          `stats/${key}/mean`,
          per.map((s) => s.mean),
        ),
        double3ListColumn(
          `stats/${key}/std`,
          per.map((s) => s.std),
        ),
        int64ListColumn(
          `stats/${key}/count`,
          per.map((s) => s.count),
        ),
      );
    }
    for (const key of statKeys) {
      const per = perEpisodeStats.map((s) => s[key]!);
      epColumns.push(
        doubleListColumn(
          `stats/${key}/min`,
          per.map((s) => s.min),
        ),
        doubleListColumn(
          `stats/${key}/max`,
          per.map((s) => s.max),
        ),
        doubleListColumn(
          `stats/${key}/mean`,
          per.map((s) => s.mean),
        ),
        doubleListColumn(
          `stats/${key}/std`,
          per.map((s) => s.std),
        ),
        int64ListColumn(
          `stats/${key}/count`,
          per.map((s) => s.count),
        ),
      );
    }
    epColumns.push(
      int64Column(
        'meta/episodes/chunk_index',
        rows.map(() => 0),
      ),
      int64Column(
        'meta/episodes/file_index',
        rows.map(() => 0),
      ),
    );
    mkdirSync(path.join(tmp, path.dirname(EPISODES_FILE)), { recursive: true });
    writeParquet(path.join(tmp, EPISODES_FILE), epColumns);

    // Tasks: a pandas frame indexed by the task string, as LeRobot writes it.
    writeParquet(
      path.join(tmp, 'meta/tasks.parquet'),
      [
        int64Column(
          'task_index',
          tasks.map((_, i) => i),
        ),
        stringColumn('__index_level_0__', tasks),
      ],
      [{ key: 'pandas', value: JSON.stringify(PANDAS_TASKS) }],
    );

    const stats: Record<string, unknown> = Object.fromEntries(
      statKeys.map((key) => [key, aggregateStats(perEpisodeStats.map((s) => s[key]!))]),
    );
    for (const key of layout.videos) stats[key] = shapedImageStats(aggregateStats(imageStats.get(key)!));
    writeJson(path.join(tmp, 'meta/stats.json'), stats);

    const features: Record<string, unknown> = {};
    for (const f of layout.series) {
      features[f.name] = { dtype: 'float32', shape: [f.width], names: f.columns, fps };
    }
    for (const key of layout.videos) {
      const v = videoInfo.get(key)!;
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
    writeJson(path.join(tmp, 'meta/info.json'), {
      codebase_version: 'v3.0',
      robot_type: robotType(episodes),
      total_episodes: rows.length,
      total_frames: total,
      total_tasks: tasks.length,
      chunks_size: 1000,
      data_files_size_in_mb: 100,
      video_files_size_in_mb: 200,
      fps,
      splits: { train: `0:${rows.length}` },
      data_path: DATA_PATH,
      video_path: layout.videos.length > 0 ? VIDEO_PATH : null,
      features,
    });
    writeJson(path.join(tmp, 'meta/provenance.json'), provenance(ws, req, episodes, rows));

    const files = listFiles(tmp);
    if (existsSync(out)) rmdirSync(out);
    renameSync(tmp, out);
    return {
      out,
      format: 'lerobot-v3',
      leftOut,
      episodes: rows.map((r, k) => ({ id: r.episode.id, episodeIndex: k, frames: r.timesNs.length })),
      frames: total,
      files,
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The output folder must be new or empty: an export never mixes with other files. */
function checkOut(out: string): void {
  if (!existsSync(out)) {
    if (!existsSync(path.dirname(out))) {
      throw new StudioError('bad_input', `${out}: its parent folder does not exist`);
    }
    return;
  }
  if (!statSync(out).isDirectory()) throw new StudioError('bad_input', `${out}: exists and is not a folder`);
  if (readdirSync(out).length > 0) throw new StudioError('bad_input', `${out}: the folder is not empty`);
}

/** Every exported episode must have the same series (with the same columns) and cameras. */
function sharedLayout(episodes: Episode[]) {
  const first = episodes[0]!;
  const series = first.streamDetails
    .filter((s) => s.kind === 'series')
    .map((s) => ({ name: s.name, columns: s.columns, width: s.columns.length }));
  const videos = first.streamDetails.filter((s) => s.kind === 'video').map((s) => s.name);
  const describe = (e: Episode) =>
    e.streamDetails
      .map((s) => (s.kind === 'series' ? `${s.name}[${s.columns.join(',')}]` : s.name))
      .sort()
      .join(' ');
  for (const e of episodes.slice(1)) {
    if (describe(e) !== describe(first)) {
      throw new StudioError(
        'bad_input',
        `episode ${e.id} (${e.name}) has other streams than ${first.id} (${first.name}): a LeRobot dataset has one set of features (${describe(e)} vs ${describe(first)})`,
      );
    }
  }
  for (const s of series) {
    if (s.width === 0) throw new StudioError('bad_input', `stream ${s.name} has no columns`);
  }
  return { series, videos };
}

/** One fps for the dataset: the recorded one (LeRobot or robomimic metadata) or the clock stream's frame rate. */
export function datasetFps(episodes: Episode[]): number {
  const rates = episodes.map((e) => {
    const recorded =
      (e.metadata.lerobot as { fps?: unknown } | undefined)?.fps ??
      (e.metadata.robomimic as { rateHz?: unknown } | undefined)?.rateHz;
    if (typeof recorded === 'number' && recorded > 0) return recorded;
    const clock = clockStream(e);
    if (!clock || clock.frames < 2 || clock.durationNs <= 0) return null;
    // A series lasts to its last sample plus one interval: frames per duration is its rate.
    const rate = (clock.frames * 1e9) / clock.durationNs;
    return Math.abs(rate - Math.round(rate)) < 0.01 * rate ? Math.round(rate) : +rate.toFixed(3);
  });
  const known = rates.filter((r): r is number => r !== null);
  const fps = known[0];
  if (fps === undefined) throw new StudioError('bad_input', 'cannot tell the frame rate of the episodes');
  const other = known.findIndex((r) => Math.abs(r - fps) > 0.01 * fps);
  if (other >= 0) {
    throw new StudioError(
      'bad_input',
      `episodes at ${fps} and ${known[other]} fps: a dataset is exported at one frame rate (episode ${episodes[other]!.id})`,
    );
  }
  return fps;
}

/** An episode's task: its recorded instruction, else its first segment's, else its dataset's name. */
function taskOf(e: Episode): string {
  const instructions = e.metadata.instructions;
  if (Array.isArray(instructions) && typeof instructions[0] === 'string' && instructions[0])
    return instructions[0];
  return e.dataset;
}

function robotType(episodes: Episode[]): string | null {
  const t = (episodes[0]!.metadata.lerobot as { robotType?: unknown } | undefined)?.robotType;
  return typeof t === 'string' ? t : null;
}

function episodeStats(r: EpisodeRows, k: number, start: number, task: number): Record<string, FeatureStats> {
  const out: Record<string, FeatureStats> = {};
  for (const s of r.series) out[s.name] = statsOf(s.values, s.columns.length);
  const n = r.timesNs.length;
  const float32 = Float32Array.from(r.timesNs, (t) => t / 1e9);
  out.timestamp = statsOf(float32, 1);
  out.frame_index = statsOf(
    Array.from({ length: n }, (_, i) => i),
    1,
  );
  out.episode_index = statsOf(Array<number>(n).fill(k), 1);
  out.index = statsOf(
    Array.from({ length: n }, (_, i) => start + i),
    1,
  );
  out.task_index = statsOf(Array<number>(n).fill(task), 1);
  return out;
}

const PANDAS_TASKS = {
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

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}
