import type { HandlersFor, maintenanceCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { Catalog } from '../workspace/catalog';
import { collectGarbage } from '../workspace/gc';
import { MediaChecks } from './mediaChecks';

/** Handlers of the maintenance calls. */
export function createMaintenanceHandlers({ ws, runner }: FeatureDeps): HandlersFor<typeof maintenanceCalls> {
  const checks = new MediaChecks(ws.db);
  return {
    verifyMedia: (request) => {
      const what = request.episodeIds ? `${request.episodeIds.length} episode(s)` : 'new videos';
      return { jobId: runner.enqueue('verify', `Verify ${what}`, request).id };
    },
    mediaChecks: ({ episodeId }) => {
      new Catalog(ws.db).getEpisode(episodeId);
      return checks.ofEpisode(episodeId);
    },
    collectGarbage: ({ dryRun }) => collectGarbage(ws, { dryRun }),
  };
}
