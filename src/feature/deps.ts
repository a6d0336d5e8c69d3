import type { WorkspaceInfo } from '../common/api';
import type { JobRunner } from '../jobs/runner';
import type { MediaToolsLookup } from '../media/tools';
import type { Workspace } from '../workspace/workspace';

/**
 * What every feature's handlers are built from. `service/` builds one per process and hands it to
 * each feature module; nothing in a feature reaches for globals.
 */
export interface FeatureDeps {
  ws: Workspace;
  /** The job queue: features enqueue their own kinds, typed by the contract. */
  runner: JobRunner;
  media: MediaToolsLookup;
  host: WorkspaceInfo['host'];
  /** Tells clients that episodes were added, replaced or hidden outside a job. */
  libraryChanged(): void;
}
