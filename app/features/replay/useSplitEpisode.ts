import { useCallback, useEffect } from 'react';
import type { Episode } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import type { EpisodePlayer } from './episodePlayer';
import { frameAt } from './frames';
import { followPlayhead, replacementEdit } from '../episodes/replacementEdit';

/**
 * Splitting the replayed episode at the playhead, and telling the app's history which episode and
 * time are on screen (so that undoing a split or merge can follow the playhead).
 */
export function useSplitEpisode(episode: Episode, player: EpisodePlayer): () => Promise<void> {
  const { clock } = player;
  const client = useStudio();
  const notices = useNotices();
  const history = useHistory();

  useEffect(() => {
    const view = { episodeId: episode.id, timeNs: () => clock.timeNs };
    history.view = view;
    return () => {
      if (history.view === view) history.view = null;
    };
  }, [history, episode.id, clock]);

  return useCallback(async () => {
    clock.pause();
    // Cut where the frame on screen starts, so that it becomes the first frame of the second part.
    const t = clock.timeNs;
    const frameTimes = player.stepTimes;
    const cut = frameTimes && frameTimes.length > 0 ? frameTimes[frameAt(frameTimes, t)]! : t;
    if (cut <= 0 || cut >= episode.durationNs) {
      notices.refuse('Move the playhead past the first frame to split the episode there');
      return;
    }
    try {
      const r = await client.call('splitEpisode', { episodeId: episode.id, atNs: [cut] });
      history.stack.push(
        replacementEdit(client, () => history.view, `split ${episode.name}`, [episode], r.created),
      );
      notices.info(`Split into ${r.created.length} parts at ${(cut / 1e9).toFixed(3)} s · Ctrl+Z undoes`);
      followPlayhead(history.view, [episode], r.created);
    } catch (e) {
      notices.error(e, `split ${episode.name}`);
    }
  }, [client, notices, history, episode, clock, player]);
}
