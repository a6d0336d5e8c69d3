import type { Episode } from '../common/api';
import { StudioError } from '../common/api';
import { RedactionStore } from '../redact/store';
import { selectEpisodes } from '../training/jobs/loadDataset';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';

/**
 * The episodes an export writes, whatever the format: a dataset's visible episodes filtered by tag
 * (as training selects them: without `rejected`/`flagged` unless told), less those whose privacy
 * redaction is not approved and rendered (`leftOut`). With `forceUnredacted` (a reason) those are
 * written too, and each is recorded in the audit trail with the reason. None left is an error.
 */
export function exportedEpisodes(
  ws: Workspace,
  req: {
    dataset: string;
    includeTag?: string;
    excludeTags: string[];
    forceUnredacted?: string;
    out?: string;
  },
): { episodes: Episode[]; leftOut: { id: string; reason: string }[] } {
  const ids = selectEpisodes(ws, {
    dataset: req.dataset,
    includeTag: req.includeTag,
    excludeTags: req.excludeTags,
  });
  const redaction = new RedactionStore(ws.db);
  const leftOut: { id: string; reason: string }[] = [];
  const kept: string[] = [];
  for (const id of ids) {
    const blocker = redaction.exportBlocker(id);
    if (blocker === null) kept.push(id);
    else if (req.forceUnredacted === undefined) leftOut.push({ id, reason: blocker });
    else {
      ws.audit.record({
        action: 'export.redaction-forced',
        target: id,
        episodeId: id,
        detail: { reason: req.forceUnredacted, blocker, dataset: req.dataset, out: req.out ?? null },
      });
      kept.push(id);
    }
  }
  if (kept.length === 0) {
    const why = leftOut.length
      ? ` (${leftOut.length} left out because their redaction is not approved and rendered: ${leftOut[0]!.id}: ${leftOut[0]!.reason})`
      : ' (after the tag filters)';
    throw new StudioError('bad_input', `dataset "${req.dataset}": no episode to export${why}`);
  }
  const catalog = new Catalog(ws.db);
  return { episodes: kept.map((id) => catalog.getEpisode(id)), leftOut };
}
