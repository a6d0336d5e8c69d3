import type { EpisodeQuality, QualityReport } from '../common/api';
import type { Workspace } from '../workspace/workspace';
import { combineScores } from './combine';
import { DecisionStore } from './decisions';
import { episodeRefs, signalsHash } from './load';
import { QualityStore } from './store';

/**
 * A dataset's quality report under its current settings: every visible episode with its combined
 * score, flags and signals, worst first. Episodes changed since the last run are marked stale (their
 * last signals still count); episodes never scored come last with a score of 0.
 */
export function qualityReport(ws: Workspace, dataset: string): QualityReport {
  const store = new QualityStore(ws);
  const datasetId = store.datasetId(dataset);
  const settings = store.settings(datasetId);
  const refs = episodeRefs(ws, dataset);
  const stored = store.signals(refs.map((r) => r.id));
  const decisions = new DecisionStore(ws).decisions(refs.map((r) => r.id));
  const run = store.run(datasetId);
  const scored = combineScores(
    refs.flatMap((r) => {
      const s = stored.get(r.id);
      return s ? [{ id: r.id, task: r.task, durationNs: r.durationNs, signals: s.signals }] : [];
    }),
    settings,
  );
  const refOf = new Map(refs.map((r) => [r.id, r]));
  const row = (id: string): Omit<EpisodeQuality, 'score' | 'flags' | 'signals'> => {
    const r = refOf.get(id)!;
    const d = decisions.get(id);
    return {
      id,
      name: r.name,
      durationNs: r.durationNs,
      decision: d?.decision ?? null,
      note: d?.note ?? '',
      stale: stored.get(id)?.hash !== r.hash,
    };
  };
  const episodes: EpisodeQuality[] = [
    ...scored.map((s) => ({ ...row(s.id), score: s.score, flags: s.flags, signals: s.signals })),
    ...refs.filter((r) => !stored.has(r.id)).map((r) => ({ ...row(r.id), score: 0, flags: [], signals: [] })),
  ];
  return {
    dataset,
    computedAt: run?.computedAt ?? null,
    stale: run === null || run.hash !== signalsHash(ws, refs).hash || episodes.some((e) => e.stale),
    settings,
    episodes,
  };
}
