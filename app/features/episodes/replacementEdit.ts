import type { EpisodeSummary } from '../../../src/common/api';
import { locateInWindows, windowOf, type WindowedEpisode } from '../../../src/common/episodeWindows';
import type { StudioClient } from '../../client';
import type { ReplayView } from '../../state/history';
import type { UndoableEdit } from '../../state/undo';
import { openEpisode } from '../../router';

type Shown = WindowedEpisode & Pick<EpisodeSummary, 'name'>;

/**
 * When the replay screen shows one of `gone`, opens the episode of `to` that holds the same moment
 * of the recording, with the playhead on it.
 */
export function followPlayhead(view: ReplayView | null, gone: readonly Shown[], to: readonly Shown[]): void {
  const from = view && gone.find((e) => e.id === view.episodeId);
  if (!view || !from) return;
  const target = locateInWindows(to.map(windowOf), windowOf(from).offsetNs + view.timeNs());
  if (target) openEpisode(target.id, target.atNs);
}

/**
 * The undoable edit of a split or merge that replaced `before` by `after`: undo shows `before` and
 * hides `after` again (redo the reverse), and a replay screen on one of them follows its playhead.
 */
export function replacementEdit(
  client: StudioClient,
  view: () => ReplayView | null,
  label: string,
  before: readonly Shown[],
  after: readonly Shown[],
): UndoableEdit {
  const swap = async (show: readonly Shown[], hide: readonly Shown[]) => {
    await client.call('setEpisodesHidden', { show: show.map((e) => e.id), hide: hide.map((e) => e.id) });
    followPlayhead(view(), hide, show);
  };
  return { label, undo: () => swap(before, after), redo: () => swap(after, before) };
}
