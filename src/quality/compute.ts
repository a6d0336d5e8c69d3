import type { JobContext } from '../jobs/context';
import { initTrainingBackend } from '../training/backend';
import { checkFrameFaults } from './frameFaultStore';
import { datasetHeuristics } from './heuristics';
import { crossFittedScores, type LearnedEpisode } from './learned';
import { datasetHash, episodeRefs, loadEpisodeInput, signalsHash } from './load';
import { QualityStore } from './store';
import type { EpisodeInput, SignalResult } from './types';

/** Episodes with state and action of the dataset's first widths, as rows for the cross-fitted policy. */
export function learnedRows(inputs: readonly EpisodeInput[]): {
  rows: LearnedEpisode[];
  obsDim: number;
  actDim: number;
} {
  const first = inputs.find((e) => e.state && e.action);
  const obsDim = first?.state?.dim ?? 0;
  const actDim = first?.action?.dim ?? 0;
  const rows: LearnedEpisode[] = [];
  for (const e of inputs) {
    if (!e.state || !e.action || e.state.dim !== obsDim || e.action.dim !== actDim) continue;
    // State and action rows pair by index (as training pairs them).
    const n = Math.min(e.state.values.length / obsDim, e.action.values.length / actDim);
    if (n < 1) continue;
    rows.push({
      id: e.id,
      obs: e.state.values.subarray(0, n * obsDim),
      actions: e.action.values.subarray(0, n * actDim),
      timesNs: e.state.timesNs.subarray(0, n),
    });
  }
  return { rows, obsDim, actDim };
}

/**
 * Recomputes a dataset's signals when its inputs changed since the last run (an episode added,
 * hidden, split, trimmed, re-checked, or the learned score's settings): every heuristic (they are
 * relative to the dataset) and, when enabled, the cross-fitted score. Nothing when up to date.
 */
export async function computeQuality(
  ctx: Pick<JobContext, 'ws' | 'tools' | 'signal' | 'progress' | 'log'>,
  dataset: string,
): Promise<{ episodes: number; heuristics: number; learned: boolean; videoProblem: string | null }> {
  const store = new QualityStore(ctx.ws);
  const datasetId = store.datasetId(dataset);
  const settings = store.settings(datasetId);
  // Videos not yet looked at for frozen and black frames are looked at first: their findings are inputs.
  const frames = await checkFrameFaults(ctx, episodeRefs(ctx.ws, dataset));
  if (frames.checked) ctx.log(`${frames.checked} video(s) checked for frozen and black frames`);
  const refs = episodeRefs(ctx.ws, dataset);
  // The rig decides which columns are the robot's pose, so a changed rig recomputes the signals.
  const { hash, rigColumns } = signalsHash(ctx.ws, refs);
  const learnedHash = settings.learned.enabled ? datasetHash(refs, settings.learned) : null;
  const run = store.run(datasetId);
  if (run && run.hash === hash && run.learnedHash === learnedHash) {
    ctx.log('signals are up to date');
    return { episodes: refs.length, heuristics: 0, learned: false, videoProblem: frames.problem };
  }
  const inputs: EpisodeInput[] = [];
  for (const [i, ref] of refs.entries()) {
    ctx.signal.throwIfAborted();
    ctx.progress(0.1 + 0.1 * (i / Math.max(1, refs.length)), `Reading episode ${i + 1} of ${refs.length}`);
    inputs.push(await loadEpisodeInput(ctx.ws, ref));
  }
  ctx.progress(0.2, 'Heuristic signals');
  const heuristics = datasetHeuristics(inputs, rigColumns);
  let learned = new Map<string, SignalResult>();
  if (settings.learned.enabled) {
    const backend = await initTrainingBackend();
    ctx.log(`cross-fitted score on the ${backend.name} backend`);
    const { rows, obsDim, actDim } = learnedRows(inputs);
    learned = await crossFittedScores(rows, obsDim, actDim, {
      ...settings.learned,
      signal: ctx.signal,
      onFold: (done, total) =>
        ctx.progress(0.25 + (0.75 * done) / total, `Cross-fitted score: fold ${done} of ${total}`),
    });
  }
  const none: SignalResult = {
    kind: 'learned',
    value: null,
    reason: 'not computed (turned off, or no state and action)',
    spans: [],
  };
  store.save(
    datasetId,
    refs.map((r) => ({
      episodeId: r.id,
      hash: r.hash,
      signals: [...(heuristics.get(r.id) ?? []), learned.get(r.id) ?? none],
    })),
    { hash, learnedHash },
  );
  return {
    episodes: refs.length,
    heuristics: refs.length,
    learned: settings.learned.enabled,
    videoProblem: frames.problem,
  };
}
