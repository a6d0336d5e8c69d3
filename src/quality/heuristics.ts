import { datasetContext } from './context';
import { faultsSignal } from './signals/faults';
import { failureSignal } from './signals/failure';
import { idleSignal } from './signals/idle';
import { jerkSignal } from './signals/jerk';
import { lengthSignal } from './signals/length';
import { noiseSignal } from './signals/noise';
import { noveltySignals } from './signals/novelty';
import { pathSignal } from './signals/path';
import { retriesSignal } from './signals/retries';
import type { MotionSchema } from './sources';
import type { DatasetContext, EpisodeInput, SignalResult } from './types';

/** Every heuristic signal of one episode, in a fixed order. */
export function episodeHeuristics(ep: EpisodeInput, ctx: DatasetContext): SignalResult[] {
  return [
    lengthSignal(ep),
    idleSignal(ep, ctx),
    jerkSignal(ep, ctx),
    pathSignal(ep, ctx),
    noiseSignal(ep, ctx),
    retriesSignal(ep, ctx),
    failureSignal(ep),
    faultsSignal(ep, ctx),
  ];
}

/**
 * The heuristic signals of a dataset's episodes, each against the dataset's context, and their
 * state novelty against each other. `rigColumns`:
 * the state columns the dataset's rig maps onto joints (left out: the default rig's rule).
 */
export function datasetHeuristics(
  episodes: readonly EpisodeInput[],
  rigColumns?: MotionSchema['rigColumns'],
): Map<string, SignalResult[]> {
  const ctx = datasetContext(episodes, rigColumns);
  const novelty = noveltySignals(episodes, ctx);
  return new Map(episodes.map((ep) => [ep.id, [...episodeHeuristics(ep, ctx), novelty.get(ep.id)!]]));
}
