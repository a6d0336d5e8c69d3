import type { HandlersFor, maintenanceCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { collectGarbage } from '../workspace/gc';

/** Handlers of the maintenance calls. */
export function createMaintenanceHandlers({ ws }: FeatureDeps): HandlersFor<typeof maintenanceCalls> {
  return {
    collectGarbage: ({ dryRun }) => collectGarbage(ws, { dryRun }),
  };
}
