import type { HandlersFor, libraryCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { Catalog } from '../workspace/catalog';
import { SCHEMA_VERSION } from '../workspace/migrations';

/** Handlers of the library calls: the workspace, datasets, episodes, tags; imports and simulated demos as jobs. */
export function createLibraryHandlers({
  ws,
  runner,
  media,
  host,
}: FeatureDeps): HandlersFor<typeof libraryCalls> {
  const catalog = new Catalog(ws.db);
  return {
    workspaceInfo: () => ({
      path: ws.dir,
      name: ws.name,
      schemaVersion: SCHEMA_VERSION,
      host,
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
    importPaths: (request) => {
      const { paths } = request;
      const title = paths.length === 1 ? `Import ${paths[0]}` : `Import ${paths.length} items`;
      return { jobId: runner.enqueue('import', title, request).id };
    },
    generateDemos: (request) => {
      const title = `Generate ${request.episodes} ${request.env} demonstrations (${request.skill})`;
      return { jobId: runner.enqueue('generate', title, request).id };
    },
  };
}
