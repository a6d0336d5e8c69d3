import type { EpisodeSummary } from '../../../src/common/api';
import { ADJACENT_TOLERANCE_NS, mergeProblem } from '../../../src/common/episodeWindows';
import { useNotices } from '../../components/Toast';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import { replacementEdit } from '../episodes/replacementEdit';

/**
 * Merge for the library's selection: ready when the selected episodes are adjacent parts of one
 * recording; `run` merges them (or says why it cannot) and puts the merge on the undo history.
 */
export function useMergeSelection(episodes: readonly EpisodeSummary[], onMerged: () => void) {
  const client = useStudio();
  const notices = useNotices();
  const history = useHistory();
  const { problem } = mergeProblem(episodes, ADJACENT_TOLERANCE_NS);
  const ready = problem === null;

  const run = async () => {
    if (episodes.length < 2) {
      notices.refuse('Select adjacent parts of one recording (Shift+click) to merge them');
      return;
    }
    if (problem !== null) return notices.refuse(problem);
    try {
      const r = await client.call('mergeEpisodes', { episodeIds: episodes.map((e) => e.id) });
      const merged = r.created[0]!;
      history.stack.push(
        replacementEdit(client, () => history.view, `merge into ${merged.name}`, episodes, r.created),
      );
      notices.info(`Merged ${episodes.length} parts into “${merged.name}” · Ctrl+Z undoes`);
      onMerged();
    } catch (e) {
      notices.error(e, 'merge');
    }
  };
  return { ready, problem, run };
}
