import type { EpisodeSummary } from '../../../src/common/api';
import { ADJACENT_TOLERANCE_NS, mergeProblem } from '../../../src/common/episodeWindows';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import { replacementEdit } from '../episodes/replacementEdit';

/**
 * Merge for the library's selection: ready when the selected episodes are adjacent parts of one
 * recording; `run` merges them (or says why it cannot) and puts the merge on the undo history.
 */
export function useMergeSelection(
  episodes: readonly EpisodeSummary[],
  toast: (message: string, kind?: 'info' | 'error') => void,
  onMerged: () => void,
) {
  const client = useStudio();
  const history = useHistory();
  const { problem } = mergeProblem(episodes, ADJACENT_TOLERANCE_NS);
  const ready = problem === null;

  const run = async () => {
    if (episodes.length < 2) {
      toast('Select adjacent parts of one recording (Shift+click) to merge them', 'error');
      return;
    }
    if (problem !== null) return toast(problem, 'error');
    try {
      const r = await client.call('mergeEpisodes', { episodeIds: episodes.map((e) => e.id) });
      const merged = r.created[0]!;
      history.stack.push(
        replacementEdit(client, () => history.view, `merge into ${merged.name}`, episodes, r.created),
      );
      toast(`Merged ${episodes.length} parts into “${merged.name}” · Ctrl+Z undoes`);
      onMerged();
    } catch (e) {
      toast((e as Error).message, 'error');
    }
  };
  return { ready, problem, run };
}
