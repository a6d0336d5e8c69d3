import type { Episode } from '../common/api';
import { StudioError } from '../common/api';
import { selectEpisodes } from '../training/jobs/loadDataset';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';

/**
 * The episodes an export writes, whatever the format: a dataset's visible episodes filtered by tag
 * (as training selects them: without `rejected`/`flagged` unless told). None is an error.
 */
export function exportedEpisodes(
  ws: Workspace,
  req: { dataset: string; includeTag?: string; excludeTags: string[] },
): Episode[] {
  const ids = selectEpisodes(ws, {
    dataset: req.dataset,
    includeTag: req.includeTag,
    excludeTags: req.excludeTags,
  });
  if (ids.length === 0) {
    throw new StudioError(
      'bad_input',
      `dataset "${req.dataset}": no episode to export (after the tag filters)`,
    );
  }
  const catalog = new Catalog(ws.db);
  return ids.map((id) => catalog.getEpisode(id));
}
