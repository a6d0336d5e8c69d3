import type { episodeCalls, HandlersFor } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { EpisodeParts } from './parts';

/** Handlers of the split, merge and show/hide calls; each tells clients the library changed. */
export function createEpisodeHandlers({
  ws,
  media,
  libraryChanged,
}: FeatureDeps): HandlersFor<typeof episodeCalls> {
  const parts = new EpisodeParts(ws, media.tools);
  const changed = <T>(result: T): T => {
    libraryChanged();
    return result;
  };
  return {
    splitEpisode: async ({ episodeId, atNs }) => changed(await parts.split(episodeId, atNs)),
    mergeEpisodes: async ({ episodeIds }) => changed(await parts.merge(episodeIds)),
    setEpisodesHidden: ({ show, hide }) => changed(parts.setHidden(show, hide)),
  };
}
