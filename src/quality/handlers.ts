import type { HandlersFor, qualityCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { DecisionStore } from './decisions';
import { qualityReport } from './report';
import { datasetSparklines } from './sparklines';
import { QualityStore } from './store';

/** Handlers of the quality calls: the job, the report, settings, decisions and bulk tags. */
export function createQualityHandlers({
  ws,
  runner,
  libraryChanged,
}: FeatureDeps): HandlersFor<typeof qualityCalls> {
  const store = new QualityStore(ws);
  const decisions = new DecisionStore(ws);
  return {
    startQuality: ({ dataset }) => {
      store.datasetId(dataset);
      return { jobId: runner.enqueue('quality', `Quality of ${dataset}`, { dataset }).id };
    },
    qualityReport: ({ dataset }) => qualityReport(ws, dataset),
    qualitySparklines: async ({ dataset, points }) => {
      store.datasetId(dataset);
      return { episodes: await datasetSparklines(ws, dataset, points) };
    },
    getQualitySettings: ({ dataset }) => store.settings(store.datasetId(dataset)),
    setQualitySettings: ({ dataset, settings }) => store.setSettings(store.datasetId(dataset), settings),
    decideEpisodes: ({ episodeIds, decision, note }) => {
      const previous = decisions.decide(episodeIds, decision, note);
      libraryChanged();
      return { previous };
    },
    restoreDecisions: ({ states }) => {
      const previous = decisions.restore(states);
      libraryChanged();
      return { previous };
    },
    tagEpisodes: ({ episodeIds, add, remove }) => {
      const changed = decisions.tag(episodeIds, add, remove);
      if (changed > 0) libraryChanged();
      return { changed };
    },
  };
}
