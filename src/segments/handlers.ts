import type { CallOutput, CallParsedInput, Stream } from '../common/api';
import type { replayCalls } from '../common/api/replayCalls';
import { StudioError } from '../common/api';
import { jointKey } from '../common/robot/jointMapping';
import { readSeries, type LoadedSeries } from '../series/readSeries';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';
import { SegmentStore } from './store';
import { activeSpan, gripperColumn, suggestSegments } from './suggest';
import { DEFAULT_ROBOT, pickJointStream } from './trail';

type ReplayCall = keyof typeof replayCalls;
type ReplayHandlers = {
  [K in ReplayCall]: (input: CallParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

/** The series that best describes the arm's motion: joint states when there are any. */
export function motionStream(streams: readonly Stream[]): Stream | undefined {
  const joints = pickJointStream(streams, DEFAULT_ROBOT.joints);
  if (joints) return joints.stream;
  const series = streams.filter((s) => s.kind === 'series' && s.frames > 2);
  return (
    series.find((s) => /state/i.test(s.name)) ??
    series.find((s) => gripperColumn(s.columns.map(jointKey)) >= 0) ??
    series[0]
  );
}

/** Handlers of the replay calls (segments, trims, suggestions, trail), served with the rest of the contract. */
export function createReplayHandlers(ws: Workspace): ReplayHandlers {
  const catalog = new Catalog(ws.db);
  const store = new SegmentStore(ws);

  const loadMotion = async (
    episodeId: string,
  ): Promise<{ series: LoadedSeries | null; durationNs: number }> => {
    const ep = catalog.getEpisode(episodeId);
    const stream = motionStream(ep.streamDetails);
    return { series: stream ? await readSeries(ws.blobs, stream) : null, durationNs: ep.durationNs };
  };

  const trimOne = async (id: string, dryRun: boolean) => {
    const ep = catalog.getEpisode(id);
    const stream = motionStream(ep.streamDetails);
    const span = stream ? activeSpan(await readSeries(ws.blobs, stream), ep.durationNs) : null;
    const trim = span && { startNs: Math.round(span.startNs), endNs: Math.round(span.endNs) };
    if (trim && !dryRun) store.setTrim(id, trim);
    return { id, name: ep.name, trim, durationNs: ep.durationNs };
  };

  return {
    listSegments: ({ episodeId }) => store.list(episodeId),
    createSegment: ({ episodeId, id, ...input }) => store.create(episodeId, input, id),
    updateSegment: ({ id, ...patch }) => store.update(id, patch),
    deleteSegment: ({ id }) => {
      store.delete(id);
      return { id };
    },
    segmentLabels: ({ episodeId }) => store.labels(episodeId),
    getTrim: ({ episodeId }) => store.getTrim(episodeId),
    setTrim: ({ episodeId, trim }) => store.setTrim(episodeId, trim),
    suggestSegments: async ({ episodeId }) => {
      const { series, durationNs } = await loadMotion(episodeId);
      if (!series) return { suggestions: [], activeTrim: null };
      const round = <T extends { startNs: number; endNs: number }>(s: T): T => ({
        ...s,
        startNs: Math.round(s.startNs),
        endNs: Math.round(s.endNs),
      });
      const span = activeSpan(series, durationNs);
      return {
        suggestions: suggestSegments(series, durationNs).map(round),
        activeTrim: span && round(span),
      };
    },
    trimIdle: async ({ episodeId, datasetId, dryRun }) => {
      if (episodeId) return { episodes: [await trimOne(episodeId, dryRun)] };
      if (!catalog.listDatasets().some((d) => d.id === datasetId))
        throw new StudioError('not_found', `no dataset ${datasetId}`);
      const episodes = [];
      for (let offset = 0; ; offset += 1000) {
        const page = catalog.listEpisodes({ datasetId, offset, limit: 1000, sort: 'name' });
        for (const e of page.items) episodes.push(await trimOne(e.id, dryRun));
        if (page.items.length < 1000) break;
      }
      return { episodes };
    },
  };
}
