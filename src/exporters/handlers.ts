import type { exportCalls, HandlersFor } from '../common/api';
import type { FeatureDeps } from '../feature/deps';

/** Handlers of the export calls: each export runs as a job. */
export function createExportHandlers({ runner }: FeatureDeps): HandlersFor<typeof exportCalls> {
  return {
    exportDataset: (request) => ({
      jobId: runner.enqueue('export-dataset', `Export ${request.dataset} as ${request.format}`, request).id,
    }),
  };
}
