import { createHash } from 'node:crypto';
import type { Episode, Stream } from '../common/api';
import { MediaChecks } from '../maintenance/mediaChecks';
import { readSeries, readTimestamps } from '../series/readSeries';
import { selectEpisodes } from '../training/jobs/loadDataset';
import { RigStore } from '../robots/rigStore';
import { RobotStore } from '../robots/robotStore';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';
import { framePeriodNs } from './stats';
import type { FileSpan } from '../media/frameFaults';
import { FrameFaultStore } from './frameFaultStore';
import type { EpisodeInput, Series, VideoTiming } from './types';

/** Bumped whenever a signal's definition changes, so stored signals are recomputed. */
export const QUALITY_VERSION = 3;

/** A dataset's visible episode, with what its signals depend on, before its series are read. */
export interface EpisodeRef {
  id: string;
  name: string;
  task: string;
  durationNs: number;
  /**
   * Hash of everything the signals read: streams (by blob), trim, success tags, video checks and
   * the frozen and black stretches found under the current filter settings.
   */
  hash: string;
  episode: Episode;
}

const STATE = 'observation.state';
const ACTION = 'action';
const REWARD = 'next.reward';
const SUCCESS = 'next.success';

function successOf(e: Episode): boolean | null {
  if (e.tags.includes('failure')) return false;
  if (e.tags.includes('success')) return true;
  return null;
}

function taskOf(e: Episode): string {
  const instructions = e.metadata['instructions'];
  return Array.isArray(instructions) && typeof instructions[0] === 'string' ? instructions[0] : '';
}

/** The visible episodes of a dataset, oldest first, each with the hash of its signals' inputs. */
export function episodeRefs(ws: Workspace, dataset: string): EpisodeRef[] {
  const catalog = new Catalog(ws.db);
  const checks = new MediaChecks(ws.db);
  const frames = new FrameFaultStore(ws.db);
  return selectEpisodes(ws, { dataset, excludeTags: [] }).map((id) => {
    const episode = catalog.getEpisode(id);
    const streams = episode.streamDetails
      .map((s) => [s.name, s.kind, s.blob, s.timestampsBlob, s.video?.offsetNs ?? 0])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const videoChecks = episode.streamDetails
      .filter((s) => s.kind === 'video')
      .map((s) => [checks.get(s.blob)?.checkedAt ?? null, frames.get(s.blob)]);
    const hash = createHash('sha256')
      .update(JSON.stringify([QUALITY_VERSION, streams, episode.trim, successOf(episode), videoChecks]))
      .digest('hex');
    return { id, name: episode.name, task: taskOf(episode), durationNs: episode.durationNs, hash, episode };
  });
}

/**
 * The state columns the dataset's rig (saved, else the default robot matched by joint name) maps
 * onto joints, read from its first episode's streams; null when the rig poses the robot from another
 * stream or maps nothing.
 */
export function rigStateColumns(ws: Workspace, refs: readonly EpisodeRef[]): string[] | null {
  const first = refs[0]?.episode;
  if (!first) return null;
  const { rig } = new RigStore(ws, new RobotStore(ws)).resolve(first.datasetId, first.streamDetails);
  if (rig.jointStream !== STATE) return null;
  const columns = Object.values(rig.jointColumns);
  return columns.length > 0 ? columns : null;
}

/** The hash of everything a dataset's heuristic signals read: its episodes and its rig's pose columns. */
export function signalsHash(
  ws: Workspace,
  refs: readonly EpisodeRef[],
): { hash: string; rigColumns: string[] | null } {
  const rigColumns = rigStateColumns(ws, refs);
  return { hash: datasetHash(refs, rigColumns), rigColumns };
}

/** One hash of a dataset's episode hashes (in order) and anything else given. */
export function datasetHash(refs: readonly EpisodeRef[], extra: unknown = null): string {
  return createHash('sha256')
    .update(JSON.stringify([QUALITY_VERSION, refs.map((r) => r.hash), extra]))
    .digest('hex');
}

function inside(
  s: { columns: string[]; timesNs: Float64Array; values: Float32Array },
  lo: number,
  hi: number,
): Series {
  const dim = s.columns.length;
  let a = 0;
  while (a < s.timesNs.length && s.timesNs[a]! < lo) a++;
  let b = a;
  while (b < s.timesNs.length && s.timesNs[b]! <= hi) b++;
  return {
    columns: s.columns,
    dim,
    values: s.values.slice(a * dim, b * dim),
    timesNs: s.timesNs.slice(a, b),
  };
}

/** File stretches (seconds, end null: to the end) as episode ns (file time minus the stream's offset), clipped. */
function toEpisodeSpans(
  spans: readonly FileSpan[],
  offsetNs: number,
  lo: number,
  hi: number,
): [number, number][] {
  return spans.flatMap(([a, b]): [number, number][] => {
    const start = Math.max(lo, Math.round(a * 1e9) - offsetNs);
    const end = Math.min(hi, b === null ? hi : Math.round(b * 1e9) - offsetNs);
    return end > start ? [[start, end]] : [];
  });
}

/** Reads an episode's series inside its trim (times stay the episode's) and its videos' timing. */
export async function loadEpisodeInput(ws: Workspace, ref: EpisodeRef): Promise<EpisodeInput> {
  const e = ref.episode;
  const lo = e.trim?.startNs ?? -Infinity;
  const hi = e.trim?.endNs ?? Infinity;
  const series = async (name: string): Promise<Series | null> => {
    const s = e.streamDetails.find((x: Stream) => x.name === name && x.kind === 'series');
    return s ? inside(await readSeries(ws.blobs, s), lo, hi) : null;
  };
  const [state, action, reward, successStream] = await Promise.all([
    series(STATE),
    series(ACTION),
    series(REWARD),
    series(SUCCESS),
  ]);
  const checks = new MediaChecks(ws.db);
  const faults = new FrameFaultStore(ws.db);
  const videos: VideoTiming[] = [];
  for (const s of e.streamDetails.filter((x) => x.kind === 'video')) {
    const times = await readTimestamps(ws.blobs, s.timestampsBlob);
    const check = checks.get(s.blob);
    // Frame numbers in a check are the file's: they line up with an original's frames only.
    const missing = check && !(s.video?.offsetNs ?? 0) ? check.missing : [];
    const keep = inside({ columns: [], timesNs: times, values: new Float32Array(0) }, lo, hi).timesNs;
    const found = faults.get(s.blob);
    const offset = s.video?.offsetNs ?? 0;
    const end = times.length ? times[times.length - 1]! + framePeriodNs(times) : 0;
    const span = (spans: FileSpan[]) => toEpisodeSpans(spans, offset, Math.max(lo, 0), Math.min(hi, end));
    videos.push({
      name: s.name,
      timesNs: keep,
      missing,
      ...(found ? { frozen: span(found.frozen), black: span(found.black) } : {}),
    });
  }
  let success = successOf(e);
  if (success === null && successStream && successStream.values.length > 0)
    success = successStream.values[successStream.values.length - 1]! > 0.5;
  const main = state ?? action;
  const span =
    main && main.timesNs.length > 0 ? main.timesNs[main.timesNs.length - 1]! - main.timesNs[0]! : 0;
  return {
    id: e.id,
    durationNs: e.trim ? e.trim.endNs - e.trim.startNs : span > 0 ? span : e.durationNs,
    state,
    action,
    reward,
    success,
    videos,
  };
}
