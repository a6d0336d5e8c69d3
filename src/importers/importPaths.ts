import type { ImportResult } from '../common/api';
import { Catalog, type ImportedSource } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';
import type { MediaTools } from '../media/tools';
import { discover } from './discover';
import { AlreadyImported, isInputError, writeEpisode, type SkippedEpisode } from './importEpisode';
import type { LerobotVersion } from './lerobot/info';
import { openLerobot } from './lerobot/readDataset';
import { DEFAULT_READ_TIMEOUT_MS } from './limits';
import { readGroup, type ReadOptions, type ReadSource } from './readGroup';
import { importRecording } from './recording/importRecording';
import { importRobomimic } from './robomimic/importFile';

export interface ImportOptions extends ReadOptions {
  dataset: string;
  tools: MediaTools | null;
  /** Topics to import from MCAP files and bags (default: every topic whose type is understood). */
  topics?: readonly string[] | null;
  /** The control rate of robomimic files, which hold no times (else their env_args' control_freq). */
  rateHz?: number;
  onProgress?: (done: number, total: number, message: string) => void;
}

/**
 * Imports files and folders. Each episode is all-or-nothing; a bad file is reported with its path
 * and the rest of the batch still imports. An episode already in the workspace (same file content,
 * same place in the file) is skipped and reported with the episodes that stand for it now.
 */
export async function importPaths(
  ws: Workspace,
  paths: readonly string[],
  opts: ImportOptions,
): Promise<ImportResult> {
  // A LeRobot dataset folder (named, or inside a named folder) is read through its metadata.
  const { groups, datasets, hdf5, errors, ignored } = discover(paths);
  const result: ImportResult = { episodes: [], skipped: [], errors: [...errors], ignored, warnings: [] };
  const catalog = new Catalog(ws.db);
  const fail = (e: unknown, where: string) => {
    if (opts.signal?.aborted) throw e;
    if (isInputError(e)) result.errors.push({ path: e.file, message: e.message });
    else result.errors.push({ path: where, message: `${where}: ${(e as Error).message}` });
  };
  /** Writes one source unless its key is known; `reported` keeps one skip entry per old episode. */
  const write = async (source: ReadSource, primary: string, reported: Set<string>) => {
    const locator = source.origin?.locator ?? '';
    const skip = (found: ImportedSource) => {
      if (reported.has(found.episodeId)) return;
      reported.add(found.episodeId);
      result.skipped.push(skippedEntry(primary, locator, found));
    };
    try {
      // Known already: skip before copying anything into the blob store.
      const found = source.origin && catalog.findSource(source.origin.hash, locator);
      if (found) skip(found);
      else result.episodes.push(await writeEpisode(ws, opts.dataset, source));
    } catch (e) {
      if (e instanceof AlreadyImported) skip(e.found);
      else fail(e, locator ? `${primary} (${locator})` : primary);
    }
  };
  const total = groups.length + datasets.length + hdf5.length;
  for (const [i, { dir, version }] of datasets.entries()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.(i, total, `Importing LeRobot dataset ${dir} (${i + 1} of ${total})`);
    await importLerobot(dir, version, opts, result, fail, write);
  }
  for (const [h, file] of hdf5.entries()) {
    const i = datasets.length + h;
    opts.signal?.throwIfAborted();
    opts.onProgress?.(i, total, `Importing robomimic file ${file} (${i + 1} of ${total})`);
    await importRobomimic(ws, file, opts, result, fail, write);
  }
  for (const [g, group] of groups.entries()) {
    const i = datasets.length + hdf5.length + g;
    opts.signal?.throwIfAborted();
    opts.onProgress?.(i, total, `Importing ${group.key} (${i + 1} of ${total})`);
    if (group.recording) {
      const file = group.recording;
      try {
        const onProgress = (f: number, m: string) => opts.onProgress?.(i + f, total, m);
        const r = await importRecording(ws, file, { ...opts, onProgress });
        if (r.episode) result.episodes.push(r.episode);
        else result.skipped.push(skippedEntry(file, '', r.found));
        for (const s of r.skipped)
          result.ignored.push({ path: file, reason: `topic ${s.topic} (${s.type}): ${s.reason}` });
        for (const message of r.warnings)
          result.warnings.push({ path: file, message: `${file}: ${message}` });
      } catch (e) {
        fail(e, file);
      }
      continue;
    }
    const primary = group.videos[0]?.file ?? group.logs[0]?.file ?? group.key;
    let sources;
    try {
      sources = await readGroup(group, opts.tools, opts);
    } catch (e) {
      fail(e, primary);
      continue;
    }
    // An old import took a whole log as one episode: report it once, not once per episode of the log.
    const reported = new Set<string>();
    for (const source of sources) await write(source, primary, reported);
  }
  opts.onProgress?.(total, total, `Imported ${result.episodes.length} episode(s)`);
  return result;
}

/** One LeRobot dataset: each episode read whole and written, or refused on its own. */
async function importLerobot(
  dir: string,
  version: LerobotVersion,
  opts: ImportOptions,
  result: ImportResult,
  fail: (e: unknown, where: string) => void,
  write: (source: ReadSource, primary: string, reported: Set<string>) => Promise<void>,
): Promise<void> {
  const bounds = { signal: opts.signal, baseMs: opts.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS };
  const warn = (p: string, message: string) => result.warnings.push({ path: p, message });
  let dataset;
  try {
    dataset = await openLerobot(dir, version, opts.tools, bounds, warn);
  } catch (e) {
    fail(e, dir);
    return;
  }
  result.errors.push(...dataset.errors);
  for (const ep of dataset.episodes) {
    opts.signal?.throwIfAborted();
    let source;
    try {
      source = await dataset.read(ep);
    } catch (e) {
      fail(e, `${ep.dataFile} (episode_index=${ep.index})`);
      continue;
    }
    await write(source, ep.dataFile, new Set());
  }
}

function skippedEntry(path: string, locator: string, found: ImportedSource): SkippedEpisode {
  // An import from before logs could hold several episodes took this one as the whole file.
  const whole = found.locator === '' && locator !== '';
  const now =
    found.current[0] === found.episodeId
      ? ''
      : found.current.length > 0
        ? `, now parts ${found.current.join(', ')}`
        : ' (hidden)';
  const as = `episode ${found.episodeId} in dataset "${found.dataset}"${now}`;
  return {
    path,
    reason: whole
      ? `already imported whole, as one episode: ${as}`
      : `${locator ? `${locator}: ` : ''}already imported as ${as}`,
    episodeId: found.current[0] ?? found.episodeId,
    episodeIds: found.current,
    locator: found.locator,
  };
}
