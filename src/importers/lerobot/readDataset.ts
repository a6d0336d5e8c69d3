import path from 'node:path';
import type { MediaTools } from '../../media/tools';
import { ImportInputError } from '../inputError';
import type { ReadSource } from '../readGroup';
import type { ReadBounds } from '../sourceFile';
import { listV2, listV3, type LerobotEpisode } from './episodes';
import { readInfo, seriesFeatures, type LerobotVersion } from './info';
import { LerobotDataset, readEpisode } from './readEpisode';

export interface LerobotRead {
  episodes: LerobotEpisode[];
  /** Reads one episode whole; an unusable one rejects with an input error naming file and record. */
  read: (ep: LerobotEpisode) => Promise<ReadSource>;
  /** Records of the metadata that cannot be used at all. */
  errors: { path: string; message: string }[];
}

/**
 * Opens a LeRobot v2.x or v3.x dataset folder: its metadata now, each episode when asked. The
 * episode list comes from the episode metadata, never from `total_episodes` (a subset of a dataset
 * keeps its original indices, and v3 totals can be stale); a disagreement is a warning.
 */
export async function openLerobot(
  dir: string,
  version: LerobotVersion,
  tools: MediaTools | null,
  bounds: ReadBounds,
  warn: (path: string, message: string) => void,
): Promise<LerobotRead> {
  const info = readInfo(dir);
  const infoFile = path.join(dir, 'meta', 'info.json');
  const series = seriesFeatures(info);
  for (const [key, f] of Object.entries(info.features)) {
    if (f.dtype === 'image')
      warn(infoFile, `${infoFile}: feature "${key}" holds images inside the data files; it is not imported`);
  }
  if (series.length === 0) {
    throw new ImportInputError(
      infoFile,
      `${infoFile}: no numeric features (observation.state, action …) to import`,
    );
  }
  const list = version === 'v2' ? listV2(dir, info, series) : await listV3(dir, info, series);
  if (list.episodes.length === 0 && list.errors.length === 0) {
    throw new ImportInputError(infoFile, `${dir}: the episode metadata lists no episodes`);
  }
  const frames = list.episodes.reduce((a, e) => a + e.length, 0);
  const stale: string[] = [];
  if (
    info.total_episodes !== undefined &&
    info.total_episodes !== list.episodes.length + list.errors.length
  ) {
    stale.push(
      `total_episodes ${info.total_episodes}, but the episode metadata lists ${list.episodes.length + list.errors.length}`,
    );
  }
  if (info.total_frames !== undefined && list.errors.length === 0 && info.total_frames !== frames) {
    stale.push(`total_frames ${info.total_frames}, but the episodes hold ${frames}`);
  }
  if (stale.length) warn(infoFile, `${infoFile}: ${stale.join('; ')}; the episode metadata is followed`);
  const ds = new LerobotDataset(dir, version, info, series, tools, bounds, warn);
  return { episodes: list.episodes, errors: list.errors, read: (ep) => readEpisode(ds, ep) };
}
