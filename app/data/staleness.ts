import type { QueryClient } from '@tanstack/react-query';
import type { CallName } from '../../src/common/api';
import type { StudioClient } from '../client/studioClient';

/**
 * The reads that show the library: what a `libraryChanged` event or a split or merge makes stale.
 * The quality report lists the same episodes and marks the ones changed since they were scored.
 */
export const LIBRARY_READS = [
  'listEpisodes',
  'getEpisode',
  'listDatasets',
  'listTags',
  'qualityReport',
] as const;

const SEGMENT_READS = ['listSegments', 'segmentLabels'] as const;
const JOB_STARTS = ['listJobs'] as const;

/**
 * What each write makes stale: once it succeeds, these reads refetch wherever they are shown. Undo
 * and redo go through the same client, so they refresh what they change too. Every write is also
 * recorded in the audit trail.
 */
export const STALE_AFTER: { readonly [K in CallName]?: readonly CallName[] } = {
  setEpisodeTags: ['listEpisodes', 'getEpisode', 'listTags'],
  splitEpisode: [...LIBRARY_READS, ...SEGMENT_READS, 'getTrim'],
  mergeEpisodes: [...LIBRARY_READS, ...SEGMENT_READS, 'getTrim'],
  setEpisodesHidden: [...LIBRARY_READS, ...SEGMENT_READS, 'getTrim'],
  createSegment: SEGMENT_READS,
  updateSegment: SEGMENT_READS,
  deleteSegment: SEGMENT_READS,
  setTrim: ['getTrim', 'qualityReport', 'qualitySparklines'],
  trimIdle: ['getTrim', 'qualityReport', 'qualitySparklines'],
  setRig: ['getRig', 'endEffectorTrail'],
  addRobot: ['listRobots'],
  setUser: ['getUser'],
  cancelJob: JOB_STARTS,
  importPaths: JOB_STARTS,
  generateDemos: JOB_STARTS,
  startTraining: JOB_STARTS,
  evaluateModel: JOB_STARTS,
  exportModel: JOB_STARTS,
  startQuality: JOB_STARTS,
  setQualitySettings: ['getQualitySettings', 'qualityReport'],
  decideEpisodes: LIBRARY_READS,
  restoreDecisions: LIBRARY_READS,
  tagEpisodes: LIBRARY_READS,
  exportDataset: JOB_STARTS,
  startDagger: JOB_STARTS,
  retrainDagger: JOB_STARTS,
  startLiveRollout: JOB_STARTS,
  labelFrames: ['getEpisodeLabels'],
  importDaggerRollouts: ['listImportedRollouts', 'getEpisodeLabels'],
  acceptPolicy: ['getEpisodeLabels'],
  clearLabels: ['getEpisodeLabels'],
  restoreLabels: ['getEpisodeLabels'],
};

export function invalidateAfter(queries: QueryClient, name: CallName): void {
  const stale = STALE_AFTER[name];
  if (!stale) return;
  for (const read of [...stale, 'listAudit'] as const) void queries.invalidateQueries({ queryKey: [read] });
}

/** The client with every successful write refreshing the reads it changed. */
export function invalidatingClient(client: StudioClient, queries: QueryClient): StudioClient {
  return {
    ...client,
    async call(name, input) {
      const output = await client.call(name, input);
      invalidateAfter(queries, name);
      return output;
    },
    async importFiles(files, dataset) {
      const output = await client.importFiles(files, dataset);
      invalidateAfter(queries, 'importPaths');
      return output;
    },
    async addRobotFiles(urdf, meshes) {
      const output = await client.addRobotFiles(urdf, meshes);
      invalidateAfter(queries, 'addRobot');
      return output;
    },
  };
}
