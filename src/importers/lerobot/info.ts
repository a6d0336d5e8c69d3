import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../common/api/jobs';
import { ImportInputError } from '../inputError';

// LeRobot's dataset layout (huggingface/lerobot `lerobot/datasets/utils.py`): `meta/info.json`
// names the version, the fps, every feature with its dtype, shape and names, and the path templates.

const FeatureSchema = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  names: z.unknown().optional(),
  info: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type Feature = z.infer<typeof FeatureSchema>;

export const InfoSchema = z.object({
  codebase_version: z.string(),
  robot_type: z.string().nullable().optional(),
  total_episodes: z.number().int().nonnegative().optional(),
  total_frames: z.number().int().nonnegative().optional(),
  chunks_size: z.number().int().positive().default(1000),
  fps: z.number().positive(),
  data_path: z.string(),
  video_path: z.string().nullable().optional(),
  features: z.record(z.string(), FeatureSchema),
});
export type Info = z.infer<typeof InfoSchema>;

export type LerobotVersion = 'v2' | 'v3';

/** Columns every LeRobot data file has that are bookkeeping, not recorded values. */
export const BOOKKEEPING = ['timestamp', 'frame_index', 'episode_index', 'index', 'task_index'];

const NUMERIC = ['float16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool'];

/** The version of a LeRobot dataset folder (`meta/info.json` with a v2.x or v3.x codebase), else null. */
export function lerobotVersion(dir: string): LerobotVersion | null {
  const file = path.join(dir, 'meta', 'info.json');
  try {
    if (!statSync(dir).isDirectory() || !statSync(file).isFile()) return null;
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { codebase_version?: unknown };
    const v = typeof raw.codebase_version === 'string' ? raw.codebase_version : '';
    return /^v2\./.test(v) ? 'v2' : /^v3\./.test(v) ? 'v3' : null;
  } catch {
    return null;
  }
}

export function readInfo(dir: string): Info {
  const file = path.join(dir, 'meta', 'info.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ImportInputError(file, `${file}: cannot read LeRobot metadata (${(e as Error).message})`);
  }
  const parsed = InfoSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ImportInputError(
      file,
      `${file}: not LeRobot metadata as expected (${describeIssues(parsed.error)})`,
    );
  }
  return parsed.data;
}

/** A numeric feature stored in the data files, imported as a series stream. */
export interface SeriesFeature {
  key: string;
  width: number;
  columns: string[];
}

export const videoKeys = (info: Info): string[] =>
  Object.entries(info.features)
    .filter(([, f]) => f.dtype === 'video')
    .map(([k]) => k);

export function seriesFeatures(info: Info): SeriesFeature[] {
  return Object.entries(info.features)
    .filter(([k, f]) => !BOOKKEEPING.includes(k) && NUMERIC.includes(f.dtype))
    .map(([key, f]) => {
      const width = f.shape.reduce((a, b) => a * b, 1);
      return { key, width, columns: columnNames(f.names, width) };
    });
}

/**
 * Joint names as column names. LeRobot writes `names` as a list, a list nested one deep
 * (`[[...]]`) or an object of one list (`{"motors": [...]}`); anything else gives `0…n-1`.
 */
export function columnNames(names: unknown, width: number): string[] {
  let list: unknown = names;
  if (Array.isArray(list) && list.length === 1 && Array.isArray(list[0])) list = list[0];
  if (list && typeof list === 'object' && !Array.isArray(list)) {
    const values = Object.values(list);
    if (values.length === 1 && Array.isArray(values[0])) list = values[0];
  }
  if (
    Array.isArray(list) &&
    list.length === width &&
    list.every((n) => typeof n === 'string' && n) &&
    new Set(list).size === width
  ) {
    return list as string[];
  }
  return Array.from({ length: width }, (_, i) => String(i));
}

/** Fills a path template of info.json: `{episode_index:06d}`, `{video_key}`. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)(?::0?(\d+)d)?\}/g, (whole, name: string, width?: string) => {
    const v = values[name];
    if (v === undefined) return whole;
    return width ? String(v).padStart(Number(width), '0') : String(v);
  });
}
