import type { StudioHandlers } from '../common/api';
import { createDaggerHandlers } from '../dagger/handlers';
import { createDaggerInputHandlers } from '../dagger/inputHandlers';
import { createEpisodeHandlers } from '../episodes/handlers';
import { createExportHandlers } from '../exporters/handlers';
import type { FeatureDeps } from '../feature/deps';
import { createIdentityHandlers } from '../audit/handlers';
import { createJobHandlers } from '../jobs/handlers';
import { createLibraryHandlers } from '../library/handlers';
import { createMaintenanceHandlers } from '../maintenance/handlers';
import { createRedactHandlers } from '../redact/handlers';
import { createRedactFollowHandlers } from '../redact/followHandlers';
import { createRecordingHandlers } from '../importers/recording/handlers';
import { createQualityHandlers } from '../quality/handlers';
import { createReplayHandlers } from '../replay/handlers';
import { createPlayerHandlers } from '../replay/openEpisode';
import { createRigHandlers } from '../robots/handlers';
import { createTrainingHandlers } from '../training/jobs/handlers';

/**
 * The one implementation of the API contract, served by every host: each feature module's handlers
 * for its own calls. A call without a handler is a type error here.
 */
export function createHandlers(deps: FeatureDeps): StudioHandlers {
  const features = {
    ...createLibraryHandlers(deps),
    ...createJobHandlers(deps.runner),
    ...createReplayHandlers(deps),
    ...createRigHandlers(deps),
    ...createEpisodeHandlers(deps),
    ...createTrainingHandlers(deps),
    ...createIdentityHandlers(deps),
    ...createMaintenanceHandlers(deps),
    ...createExportHandlers(deps),
    ...createRecordingHandlers(deps),
    ...createDaggerHandlers(deps),
    ...createDaggerInputHandlers(deps),
    ...createQualityHandlers(deps),
    ...createRedactHandlers(deps),
    ...createRedactFollowHandlers(deps),
  };
  // Calls made of other features' reads.
  return { ...features, ...createPlayerHandlers(features) };
}
