import type { CallOutput, CallParsedInput } from '../common/api';
import type { episodeCalls } from '../common/api/episodeCalls';
import type { Workspace } from '../workspace/workspace';
import { EpisodeParts } from './parts';
import type { MediaTools } from '../media/tools';

type EpisodeCall = keyof typeof episodeCalls;
type EpisodeHandlers = {
  [K in EpisodeCall]: (input: CallParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

/** Handlers of the split, merge and show/hide calls; `onChanged` tells clients the library changed. */
export function createEpisodeHandlers(
  ws: Workspace,
  onChanged: () => void,
  tools: MediaTools | null = null,
): EpisodeHandlers {
  const parts = new EpisodeParts(ws, tools);
  const changed = <T>(result: T): T => {
    onChanged();
    return result;
  };
  return {
    splitEpisode: async ({ episodeId, atNs }) => changed(await parts.split(episodeId, atNs)),
    mergeEpisodes: async ({ episodeIds }) => changed(await parts.merge(episodeIds)),
    setEpisodesHidden: ({ show, hide }) => changed(parts.setHidden(show, hide)),
  };
}
