import { StudioError, type StudioHandlers, type WorkspaceInfo } from '../common/api';
import { createEpisodeHandlers } from '../episodes/handlers';
import { createIdentityHandlers } from '../identity/handlers';
import type { JobRunner } from '../jobs/runner';
import type { MediaToolsLookup } from '../media/tools';
import { createRigHandlers } from '../robots/handlers';
import { createReplayHandlers } from '../segments/handlers';
import { createTrainingHandlers } from '../training/jobs/handlers';
import { Catalog } from '../workspace/catalog';
import { SCHEMA_VERSION } from '../workspace/migrations';
import type { Workspace } from '../workspace/workspace';
import type { EventBus } from './events';

/** The one implementation of the API contract, served by every host. */
export function createHandlers(deps: {
  ws: Workspace;
  runner: JobRunner;
  media: MediaToolsLookup;
  host: WorkspaceInfo['host'];
  /** Where library changes are announced; benchmarks run without one. */
  events?: EventBus;
}): StudioHandlers {
  const { ws, runner, media } = deps;
  const catalog = new Catalog(ws.db);
  return {
    workspaceInfo: () => ({
      path: ws.dir,
      name: ws.name,
      schemaVersion: SCHEMA_VERSION,
      host: deps.host,
      tools: {
        ffmpeg: media.tools?.ffmpeg ?? null,
        ffprobe: media.tools?.ffprobe ?? null,
        problem: media.problem,
      },
    }),
    listDatasets: () => catalog.listDatasets(),
    listEpisodes: (q) => catalog.listEpisodes(q),
    getEpisode: ({ id }) => catalog.getEpisode(id),
    listTags: () => catalog.listTags(),
    setEpisodeTags: ({ episodeId, tags }) => catalog.setTags(episodeId, tags, ws.audit),
    importPaths: ({ paths, dataset }) => {
      const title = paths.length === 1 ? `Import ${paths[0]}` : `Import ${paths.length} items`;
      return { jobId: runner.enqueue('import', title, { paths, dataset }).id };
    },
    generateDemos: (request) => {
      const title = `Generate ${request.episodes} ${request.env} demonstrations (${request.skill})`;
      return { jobId: runner.enqueue('generate', title, request).id };
    },
    listJobs: ({ limit }) => runner.store.list(limit),
    jobLogs: ({ id }) => runner.store.logs(id),
    cancelJob: ({ id }) => {
      const job = runner.store.get(id);
      if (job.state !== 'queued' && job.state !== 'running') {
        throw new StudioError('conflict', `job ${id} has already ${job.state}`);
      }
      return runner.cancel(id);
    },
    ...createReplayHandlers(ws),
    ...createRigHandlers(ws),
    ...createEpisodeHandlers(ws, () => deps.events?.emit('libraryChanged', { datasetId: null }), media.tools),
    ...createTrainingHandlers(ws, runner),
    ...createIdentityHandlers(ws),
  };
}
