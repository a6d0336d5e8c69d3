import type { ImportResult } from '../common/api';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';
import type { MediaTools } from '../media/tools';
import { discover } from './discover';
import { isInputError, readGroup, writeEpisode } from './importEpisode';

export interface ImportOptions {
  dataset: string;
  tools: MediaTools | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, message: string) => void;
}

/**
 * Imports files and folders. Each episode is all-or-nothing; a bad file is reported with its path
 * and the rest of the batch still imports. A recording already in the workspace is skipped.
 */
export async function importPaths(
  ws: Workspace,
  paths: readonly string[],
  opts: ImportOptions,
): Promise<ImportResult> {
  const { groups, errors } = discover(paths);
  const result: ImportResult = { episodes: [], skipped: [], errors: [...errors] };
  const catalog = new Catalog(ws.db);
  for (const [i, group] of groups.entries()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.(i, groups.length, `Importing ${group.key} (${i + 1} of ${groups.length})`);
    const primary = group.videos[0]?.file ?? group.logs[0]?.file ?? group.key;
    try {
      const source = await readGroup(group, opts.tools, opts.signal);
      const existing = source.primaryHash ? catalog.findBySourceHash(source.primaryHash) : undefined;
      if (existing) {
        result.skipped.push({
          path: primary,
          reason: `already imported as episode ${existing.id} in dataset "${existing.dataset}"`,
          episodeId: existing.id,
        });
        continue;
      }
      result.episodes.push(await writeEpisode(ws, opts.dataset, source));
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      if (isInputError(e)) result.errors.push({ path: e.file, message: e.message });
      else result.errors.push({ path: primary, message: `${primary}: ${(e as Error).message}` });
    }
  }
  opts.onProgress?.(groups.length, groups.length, `Imported ${result.episodes.length} episode(s)`);
  return result;
}
