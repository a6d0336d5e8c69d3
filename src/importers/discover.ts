import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { VIDEO_EXTENSIONS } from '../media/probe';
import { lerobotVersion, type LerobotVersion } from './lerobot/info';
import { isRecordingContainer, RECORDING_EXTENSIONS } from './recording/extensions';
import { HDF5_EXTENSIONS } from './robomimic/layout';
import { notRegularMessage, otherKind } from './sourceFile';

export const LOG_EXTENSIONS = ['.csv', '.jsonl'];

/** The files that make one episode: videos (cameras) and teleop logs sharing an episode key. */
export interface EpisodeGroup {
  key: string;
  dir: string;
  videos: { file: string; stream: string }[];
  /** `named`: the file name gave the stream (`ep1.joints.csv`), so its columns stay together. */
  logs: { file: string; stream: string; named: boolean }[];
  /** An MCAP file or ROS 1 bag: one episode on its own (no videos or logs beside it). */
  recording?: string;
}

export interface Discovery {
  groups: EpisodeGroup[];
  /** LeRobot dataset folders, named or found inside named folders: read through their metadata, not by file name. */
  datasets: { dir: string; version: LerobotVersion }[];
  /** HDF5 files (robomimic): each holds its own demos, read through the file's groups. */
  hdf5: string[];
  errors: { path: string; message: string }[];
  /** Entries of the named folders that are not recordings, with why; hidden (dot) entries are not listed. */
  ignored: { path: string; reason: string }[];
}

/** At most this many ignored entries are listed one by one; the rest are counted in one more entry. */
const MAX_IGNORED_LISTED = 200;

const isVideo = (f: string) => VIDEO_EXTENSIONS.includes(path.extname(f).toLowerCase());
const isLog = (f: string) => LOG_EXTENSIONS.includes(path.extname(f).toLowerCase());
const isHdf5 = (f: string) => HDF5_EXTENSIONS.includes(path.extname(f).toLowerCase());
const isRecording = (f: string) => isVideo(f) || isLog(f) || isRecordingContainer(f) || isHdf5(f);
const SUPPORTED = `videos: ${VIDEO_EXTENSIONS.join(' ')}; logs: ${LOG_EXTENSIONS.join(' ')}; recordings: ${RECORDING_EXTENSIONS.join(' ')}; robomimic: ${HDF5_EXTENSIONS.join(' ')}`;
const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * `ep1.mp4` and `ep1.csv` form episode `ep1`; `ep1.wrist.mp4` adds camera `wrist` and `ep1.joints.csv`
 * adds log `joints` to it. The episode key is the file name up to its first dot.
 */
export function splitName(file: string): { key: string; stream: string | null } {
  const base = path.basename(file, path.extname(file));
  const dot = base.indexOf('.');
  return dot > 0 ? { key: base.slice(0, dot), stream: base.slice(dot + 1) } : { key: base, stream: null };
}

/**
 * Expands paths (files and folders) into episode groups; a video given alone brings its siblings
 * (other cameras, logs). In folders, links to files are followed and links to folders are not. A
 * recording's name on something that is not a regular file is an error; other entries are ignored,
 * and a folder with no recording at all is an error, so a request never finds nothing silently.
 */
export function discover(paths: readonly string[]): Discovery {
  const errors: Discovery['errors'] = [];
  const ignored: Discovery['ignored'] = [];
  const files = new Set<string>();
  const datasets: Discovery['datasets'] = [];
  const refuse = (p: string, message: string) => errors.push({ path: p, message });
  for (const p of paths) {
    const abs = path.resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      refuse(abs, `${abs}: cannot read (${errno(e)})`);
      continue;
    }
    if (st.isDirectory()) {
      const found = new FolderWalk(refuse);
      found.walk(abs);
      for (const f of found.files) files.add(f);
      datasets.push(...found.datasets);
      ignored.push(...found.ignored);
      if (found.files.length === 0 && found.refused === 0 && found.datasets.length === 0) {
        const others = found.ignored.length;
        refuse(
          abs,
          `${abs}: no recordings in this folder${others ? ` (${others} ${others === 1 ? 'entry' : 'entries'} ignored)` : ''}; supported are ${SUPPORTED}`,
        );
      }
    } else if (!isRecording(abs)) {
      refuse(abs, `${abs}: not a supported recording (${SUPPORTED})`);
    } else if (otherKind(st)) {
      refuse(abs, notRegularMessage(abs, otherKind(st)!));
    } else {
      files.add(abs);
      if (isVideo(abs)) for (const sibling of siblingsOf(abs)) files.add(sibling);
    }
  }
  const hdf5 = [...files].filter(isHdf5).sort();
  const groups = new Map<string, EpisodeGroup>();
  for (const file of [...files].filter((f) => !isHdf5(f)).sort()) {
    const { key, stream } = splitName(file);
    const dir = path.dirname(file);
    if (isRecordingContainer(file)) {
      groups.set(file, { key: path.basename(file), dir, videos: [], logs: [], recording: file });
      continue;
    }
    const id = `${dir}\0${key}`;
    const group = groups.get(id) ?? { key, dir, videos: [], logs: [] };
    groups.set(id, group);
    if (isVideo(file)) group.videos.push({ file, stream: stream ?? 'camera' });
    else group.logs.push({ file, stream: stream ?? 'teleop', named: stream !== null });
  }
  return { groups: [...groups.values()], datasets, hdf5, errors, ignored: capped(ignored) };
}

/** The recordings under a folder, and what else it holds. Links to folders are not followed, so a walk ends. */
class FolderWalk {
  readonly files: string[] = [];
  readonly datasets: Discovery['datasets'] = [];
  readonly ignored: Discovery['ignored'] = [];
  /** Recordings by name that cannot be read (reported as errors). */
  refused = 0;

  constructor(private readonly refuse: (path: string, message: string) => void) {}

  walk(dir: string): void {
    const version = lerobotVersion(dir);
    if (version) {
      this.datasets.push({ dir, version });
      return;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.refused++;
      this.refuse(dir, `${dir}: cannot list the folder (${errno(e)})`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) this.walk(full);
      else if (entry.isSymbolicLink()) this.link(full);
      else this.entry(full, otherKind(entry));
    }
  }

  private link(full: string): void {
    let target;
    try {
      target = statSync(full);
    } catch (e) {
      const reason = `a symbolic link to nothing (${errno(e)})`;
      if (isRecording(full)) {
        this.refused++;
        this.refuse(full, `${full}: ${reason}`);
      } else this.ignored.push({ path: full, reason });
      return;
    }
    if (target.isDirectory())
      this.ignored.push({ path: full, reason: 'a symbolic link to a folder (not followed)' });
    else this.entry(full, otherKind(target));
  }

  /** `kind` says what the entry is when it is not a regular file. */
  private entry(full: string, kind: string | null): void {
    if (!isRecording(full)) {
      const reason = kind ? `not a regular file (${kind})` : `not a supported recording (${SUPPORTED})`;
      this.ignored.push({ path: full, reason });
    } else if (kind) {
      this.refused++;
      this.refuse(full, notRegularMessage(full, kind));
    } else this.files.push(full);
  }
}

function capped(ignored: Discovery['ignored']): Discovery['ignored'] {
  if (ignored.length <= MAX_IGNORED_LISTED) return ignored;
  const rest = ignored.length - MAX_IGNORED_LISTED;
  return [
    ...ignored.slice(0, MAX_IGNORED_LISTED),
    {
      path: ignored[MAX_IGNORED_LISTED]!.path,
      reason: `this and ${rest - 1} more entries ignored (not listed)`,
    },
  ];
}

/** The other cameras and logs of a named video's episode; a sibling that is not a regular file is kept, so reading it fails and names it. */
function siblingsOf(video: string): string[] {
  const { key } = splitName(video);
  const dir = path.dirname(video);
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter(
        (e) =>
          !e.isDirectory() &&
          isRecording(e.name) &&
          !isRecordingContainer(e.name) &&
          !isHdf5(e.name) &&
          splitName(e.name).key === key,
      )
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}
