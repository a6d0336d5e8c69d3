import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { VIDEO_EXTENSIONS } from '../media/probe';

export const LOG_EXTENSIONS = ['.csv', '.jsonl'];

/** The files that make one episode: videos (cameras) and teleop logs sharing an episode key. */
export interface EpisodeGroup {
  key: string;
  dir: string;
  videos: { file: string; stream: string }[];
  /** `named`: the file name gave the stream (`ep1.joints.csv`), so its columns stay together. */
  logs: { file: string; stream: string; named: boolean }[];
}

export interface Discovery {
  groups: EpisodeGroup[];
  errors: { path: string; message: string }[];
}

const isVideo = (f: string) => VIDEO_EXTENSIONS.includes(path.extname(f).toLowerCase());
const isLog = (f: string) => LOG_EXTENSIONS.includes(path.extname(f).toLowerCase());

/**
 * `ep1.mp4` and `ep1.csv` form episode `ep1`; `ep1.wrist.mp4` adds camera `wrist` and `ep1.joints.csv`
 * adds log `joints` to it. The episode key is the file name up to its first dot.
 */
export function splitName(file: string): { key: string; stream: string | null } {
  const base = path.basename(file, path.extname(file));
  const dot = base.indexOf('.');
  return dot > 0 ? { key: base.slice(0, dot), stream: base.slice(dot + 1) } : { key: base, stream: null };
}

/** Expands paths (files and folders) into episode groups; a video given alone brings its siblings (other cameras, logs). */
export function discover(paths: readonly string[]): Discovery {
  const errors: Discovery['errors'] = [];
  const files = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      errors.push({
        path: abs,
        message: `${abs}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      });
      continue;
    }
    if (st.isDirectory()) {
      try {
        for (const f of walk(abs)) if (isVideo(f) || isLog(f)) files.add(f);
      } catch (e) {
        errors.push({ path: abs, message: `${abs}: cannot list the folder (${(e as Error).message})` });
      }
    } else if (isVideo(abs)) {
      files.add(abs);
      for (const sibling of siblingsOf(abs)) files.add(sibling);
    } else if (isLog(abs)) {
      files.add(abs);
    } else {
      errors.push({
        path: abs,
        message: `${abs}: not a supported recording (videos: ${VIDEO_EXTENSIONS.join(' ')}; logs: ${LOG_EXTENSIONS.join(' ')})`,
      });
    }
  }
  const groups = new Map<string, EpisodeGroup>();
  for (const file of [...files].sort()) {
    const { key, stream } = splitName(file);
    const dir = path.dirname(file);
    const id = `${dir}\0${key}`;
    const group = groups.get(id) ?? { key, dir, videos: [], logs: [] };
    groups.set(id, group);
    if (isVideo(file)) group.videos.push({ file, stream: stream ?? 'camera' });
    else group.logs.push({ file, stream: stream ?? 'teleop', named: stream !== null });
  }
  return { groups: [...groups.values()], errors };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

function siblingsOf(video: string): string[] {
  const { key } = splitName(video);
  const dir = path.dirname(video);
  try {
    return readdirSync(dir)
      .filter((name) => (isLog(name) || isVideo(name)) && splitName(name).key === key)
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}
