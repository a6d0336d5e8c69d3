import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { OpenedEpisode } from '../../../src/common/api';
import { callKey } from '../../data';
import { useStudio } from '../../state/studioContext';

/**
 * Opens an episode for the player with one call (`openEpisode`) and seeds the reads it is made of,
 * so the panels that read them find them cached. Those reads are kept current by writes and events
 * (app/data/staleness.ts), so the panels read them with `OPENED_STALE_TIME` and never fetch on
 * mount. Each open asks again: the answer is not kept once the screen closes.
 */
export function useOpenEpisode(id: string): UseQueryResult<OpenedEpisode, Error> {
  const client = useStudio();
  const queries = useQueryClient();
  return useQuery({
    queryKey: callKey('openEpisode', { id }),
    queryFn: async () => {
      const opened = await client.call('openEpisode', { id });
      const episodeId = opened.episode.id;
      queries.setQueryData(callKey('getEpisode', { id }), opened.episode);
      queries.setQueryData(callKey('getRig', { episodeId }), opened.rig);
      queries.setQueryData(callKey('listSegments', { episodeId }), opened.segments);
      queries.setQueryData(callKey('getTrim', { episodeId }), opened.trim);
      queries.setQueryData(callKey('segmentLabels', { episodeId }), opened.labels);
      queries.setQueryData(callKey('endEffectorTrail', { episodeId }), opened.trail);
      return opened;
    },
    meta: { inline: true },
    gcTime: 0,
  });
}

/** Reads seeded by `useOpenEpisode` change only through writes and events, which refresh them. */
export const OPENED_STALE_TIME = Number.POSITIVE_INFINITY;
