import type { HandlersFor, playerCalls, StudioHandlers } from '../common/api';

type Reads = Pick<
  StudioHandlers,
  'getEpisode' | 'getRig' | 'listSegments' | 'getTrim' | 'segmentLabels' | 'endEffectorTrail'
>;

/**
 * `openEpisode`: the player's first read in one call, made of the feature handlers' own answers
 * (so it can never disagree with them). The trail is read at its default resolution.
 */
export function createPlayerHandlers(reads: Reads): HandlersFor<typeof playerCalls> {
  return {
    openEpisode: async ({ id }) => {
      const episode = await reads.getEpisode({ id });
      const episodeId = episode.id;
      const [rig, segments, trim, labels, trail] = await Promise.all([
        reads.getRig({ episodeId }),
        reads.listSegments({ episodeId }),
        reads.getTrim({ episodeId }),
        reads.segmentLabels({ episodeId }),
        reads.endEffectorTrail({ episodeId, maxPoints: 2000 }),
      ]);
      return { episode, rig, segments, trim, labels, trail };
    },
  };
}
