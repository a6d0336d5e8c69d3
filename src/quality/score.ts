import type { QualitySettings } from '../common/api';
import { combineScores, type ScoredEpisode } from './combine';
import { learnedRows } from './compute';
import { datasetHeuristics } from './heuristics';
import { crossFittedScores } from './learned';
import type { EpisodeInput, SignalResult } from './types';

/**
 * Every signal and the combined score of episodes held in memory (one task), as the quality job
 * computes and the report combines them; for benchmarks and tests. The learned score needs an
 * initialised training backend when enabled.
 */
export async function scoreEpisodes(
  inputs: readonly EpisodeInput[],
  settings: QualitySettings,
): Promise<{ scored: ScoredEpisode[]; learnedSeconds: number }> {
  const heuristics = datasetHeuristics(inputs);
  let learned = new Map<string, SignalResult>();
  const started = performance.now();
  if (settings.learned.enabled) {
    const { rows, obsDim, actDim } = learnedRows(inputs);
    learned = await crossFittedScores(rows, obsDim, actDim, settings.learned);
  }
  const learnedSeconds = (performance.now() - started) / 1000;
  const scored = combineScores(
    inputs.map((e) => ({
      id: e.id,
      task: '',
      durationNs: e.durationNs,
      signals: [...(heuristics.get(e.id) ?? []), ...(learned.has(e.id) ? [learned.get(e.id)!] : [])],
    })),
    settings,
  );
  return { scored, learnedSeconds };
}
