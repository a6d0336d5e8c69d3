import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Episode } from '../common/api';
import { StudioError } from '../common/api';
import type { ExportDatasetRequestSchema } from '../common/api/exportCalls';
import { clockStream } from './episodeRows';

// What a LeRobot v3.0 export checks before it writes, and the names and paths of its layout
// (huggingface/lerobot `lerobot/datasets/utils.py`).

type RequestOut = z.output<typeof ExportDatasetRequestSchema>;
type SizeLimits = 'dataFilesSizeMb' | 'videoFilesSizeMb';
/** An export request; the file size limits default to LeRobot's (100 MB data, 200 MB video). */
export type ExportRequest = Omit<RequestOut, SizeLimits> & Partial<Pick<RequestOut, SizeLimits>>;

export interface ExportHooks {
  signal?: AbortSignal;
  progress?: (fraction: number, message: string) => void;
}

export const DATA_PATH = 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';
export const VIDEO_PATH = 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4';
/** LeRobot's `DEFAULT_CHUNK_SIZE`: files per chunk folder. */
export const CHUNKS_SIZE = 1000;
export const DEFAULT_DATA_FILES_MB = 100;
export const DEFAULT_VIDEO_FILES_MB = 200;
export const EPISODES_FILE = 'meta/episodes/chunk-000/file-000.parquet';

/** Where a file of the layout lies, relative to the dataset folder. */
export interface FileIndex {
  chunk: number;
  file: number;
}
const pad = (n: number) => String(n).padStart(3, '0');
export const dataFile = (at: FileIndex) => `data/chunk-${pad(at.chunk)}/file-${pad(at.file)}.parquet`;
export const videoFile = (key: string, at: FileIndex) =>
  `videos/${key}/chunk-${pad(at.chunk)}/file-${pad(at.file)}.mp4`;

/** LeRobot's `update_chunk_file_indices`: the next file, in the next chunk once a chunk holds `chunksSize`. */
export function nextFile(at: FileIndex, chunksSize = CHUNKS_SIZE): FileIndex {
  return at.file === chunksSize - 1
    ? { chunk: at.chunk + 1, file: 0 }
    : { chunk: at.chunk, file: at.file + 1 };
}

/** The output folder must be new or empty: an export never mixes with other files. */
export function checkOut(out: string): void {
  if (!existsSync(out)) {
    if (!existsSync(path.dirname(out))) {
      throw new StudioError('bad_input', `${out}: its parent folder does not exist`);
    }
    return;
  }
  if (!statSync(out).isDirectory()) throw new StudioError('bad_input', `${out}: exists and is not a folder`);
  if (readdirSync(out).length > 0) throw new StudioError('bad_input', `${out}: the folder is not empty`);
}

export interface SeriesFeature {
  name: string;
  columns: string[];
  width: number;
}

/** Every exported episode must have the same series (with the same columns) and cameras. */
export function sharedLayout(episodes: Episode[]): { series: SeriesFeature[]; videos: string[] } {
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
export function taskOf(e: Episode): string {
  const instructions = e.metadata.instructions;
  if (Array.isArray(instructions) && typeof instructions[0] === 'string' && instructions[0])
    return instructions[0];
  return e.dataset;
}

export function robotType(episodes: Episode[]): string | null {
  const t = (episodes[0]!.metadata.lerobot as { robotType?: unknown } | undefined)?.robotType;
  return typeof t === 'string' ? t : null;
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}
