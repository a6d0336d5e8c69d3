import { existsSync, mkdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import type { Episode, ExportDatasetResult } from '../common/api';
import { StudioError } from '../common/api';
import type { MediaTools } from '../media/tools';
import type { Workspace } from '../workspace/workspace';
import { episodeRows } from './episodeRows';
import { clipImageStats, flatImageStats, shapedImageStats } from './imageStats';
import { DataFiles, dataColumns } from './lerobotData';
import {
  CHUNKS_SIZE,
  checkOut,
  DATA_PATH,
  datasetFps,
  DEFAULT_DATA_FILES_MB,
  DEFAULT_VIDEO_FILES_MB,
  EPISODES_FILE,
  listFiles,
  robotType,
  sharedLayout,
  taskOf,
  VIDEO_PATH,
  writeJson,
  type ExportHooks,
  type ExportRequest,
} from './lerobotLayout';
import {
  BOOKKEEPING,
  episodeColumns,
  episodeStats,
  infoFeatures,
  PANDAS_TASKS,
  type WrittenEpisode,
} from './lerobotMeta';
import { VideoFiles } from './lerobotVideos';
import { int64Column, stringColumn, writeParquet } from './parquetColumns';
import { provenance } from './provenance';
import { exportedEpisodes } from './selection';
import { aggregateStats } from './stats';
import { cutClip } from './videoClips';
import { applyEpisodeLabels, labelFeatures } from './labelColumns';
import { shownVideo } from '../redact/versions';

export { datasetFps, type ExportHooks, type ExportRequest } from './lerobotLayout';

// LeRobot v3.0's layout and schemas (huggingface/lerobot `lerobot/datasets/utils.py`): the episodes'
// rows in `data/chunk-CCC/file-FFF.parquet`, one row per episode in
// `meta/episodes/chunk-000/file-000.parquet`, each camera's episodes end to end in
// `videos/<key>/chunk-CCC/file-FFF.mp4`, tasks in `meta/tasks.parquet`, `meta/stats.json`,
// `meta/info.json`. Data and video files are split by size as LeRobot's writer splits them.

const MB = 1024 * 1024;

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
  // Label series (DAgger, interventions) add their columns to every episode of the export.
  const labelled = labelFeatures(ws, episodes);
  layout.series.push(...labelled);
  const fps = datasetFps(episodes);
  if (layout.videos.length > 0 && !tools) {
    throw new StudioError(
      'unavailable',
      'cannot export video: ffmpeg/ffprobe not found (install ffmpeg or set FFMPEG_PATH)',
    );
  }
  const dataMb = req.dataFilesSizeMb ?? DEFAULT_DATA_FILES_MB;
  const videoMb = req.videoFilesSizeMb ?? DEFAULT_VIDEO_FILES_MB;
  const tmp = `${out}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const tasks = [...new Set(episodes.map(taskOf))];
    const data = new DataFiles(tmp, dataMb * MB);
    const cameras = new Map(
      layout.videos.map((key) => [key, new VideoFiles(tmp, key, fps, videoMb * MB, tools!, hooks.signal)]),
    );
    const written: WrittenEpisode[] = [];
    let from = 0;
    // One episode at a time: its rows are written and its clips cut, then only its summary is kept.
    for (const [k, e] of episodes.entries()) {
      hooks.signal?.throwIfAborted();
      hooks.progress?.(k / episodes.length, `Writing ${e.name} (${k + 1} of ${episodes.length})`);
      written.push(
        await writeEpisode(
          ws,
          tools,
          e,
          k,
          from,
          tasks,
          { data, cameras, tmp, fps, layout, labelled },
          hooks,
        ),
      );
      from += written[k]!.frames;
    }
    data.close();
    for (const files of cameras.values()) await files.close();
    rmSync(path.join(tmp, '.clips'), { recursive: true, force: true });

    writeParquet(path.join(tmp, EPISODES_FILE), episodeColumns(written, layout.series, layout.videos));
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
    const statKeys = [...layout.series.map((f) => f.name), ...BOOKKEEPING];
    const stats: Record<string, unknown> = Object.fromEntries(
      statKeys.map((key) => [key, aggregateStats(written.map((w) => w.stats[key]!))]),
    );
    for (const key of layout.videos) {
      stats[key] = shapedImageStats(aggregateStats(written.map((w) => w.stats[key]!)));
    }
    writeJson(path.join(tmp, 'meta/stats.json'), stats);
    const sizes = new Map([...cameras].map(([key, files]) => [key, files.size!]));
    writeJson(path.join(tmp, 'meta/info.json'), {
      codebase_version: 'v3.0',
      robot_type: robotType(episodes),
      total_episodes: written.length,
      total_frames: from,
      total_tasks: tasks.length,
      chunks_size: CHUNKS_SIZE,
      data_files_size_in_mb: dataMb,
      video_files_size_in_mb: videoMb,
      fps,
      splits: { train: `0:${written.length}` },
      data_path: DATA_PATH,
      video_path: layout.videos.length > 0 ? VIDEO_PATH : null,
      features: infoFeatures(layout.series, sizes, fps),
    });
    writeJson(
      path.join(tmp, 'meta/provenance.json'),
      provenance(
        ws,
        req,
        episodes,
        written.map((w) => w.frames),
      ),
    );

    const files = listFiles(tmp);
    if (existsSync(out)) rmdirSync(out);
    renameSync(tmp, out);
    return {
      out,
      format: 'lerobot-v3',
      leftOut,
      episodes: written.map((w, k) => ({ id: w.id, episodeIndex: k, frames: w.frames })),
      frames: from,
      files,
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

interface Writers {
  data: DataFiles;
  cameras: Map<string, VideoFiles>;
  tmp: string;
  fps: number;
  layout: ReturnType<typeof sharedLayout>;
  labelled: readonly unknown[];
}

/** One episode: its rows appended to the data files, each camera's stretch cut at the dataset's fps. */
async function writeEpisode(
  ws: Workspace,
  tools: MediaTools | null,
  e: Episode,
  k: number,
  from: number,
  tasks: string[],
  w: Writers,
  hooks: ExportHooks,
): Promise<WrittenEpisode> {
  const r = await episodeRows(ws, e);
  if (w.labelled.length > 0) await applyEpisodeLabels(ws, r);
  const frames = r.timesNs.length;
  const task = taskOf(e);
  const taskIndex = tasks.indexOf(task);
  const at = w.data.add(dataColumns(r, w.layout.series, k, from, taskIndex), frames, from);
  const stats = episodeStats(r, k, from, taskIndex);
  const videos = new Map<string, Awaited<ReturnType<VideoFiles['add']>>>();
  for (const [key, files] of w.cameras) {
    hooks.signal?.throwIfAborted();
    const v = r.videos.find((x) => x.stream.name === key)!;
    const clipDir = path.join(w.tmp, '.clips', key);
    mkdirSync(clipDir, { recursive: true });
    const clip = path.join(clipDir, `${k}.mp4`);
    await cutClip(
      tools!,
      ws.blobs.pathOf(shownVideo(ws.db, v.stream.blob)),
      v.startNs,
      frames,
      w.fps,
      clip,
      `episode ${e.id} (${e.name}), camera ${key}`,
      hooks.signal,
    );
    const { width, height } = v.stream.video ?? { width: 0, height: 0 };
    stats[key] = flatImageStats(await clipImageStats(tools!, clip, frames, width, height, hooks.signal));
    videos.set(key, await files.add(clip, frames));
  }
  return { id: e.id, task, frames, from, data: at, videos, stats };
}
