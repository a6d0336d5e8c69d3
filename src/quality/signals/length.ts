import { seconds } from '../stats';
import type { EpisodeInput, SignalResult } from '../types';

/** Duration in seconds: compared within the task by robust z (a very long demonstration hesitated or retried). */
export function lengthSignal(ep: EpisodeInput): SignalResult {
  return {
    kind: 'length',
    value: ep.durationNs / 1e9,
    reason: `lasts ${seconds(ep.durationNs)}`,
    spans: [{ kind: 'length', reason: `lasts ${seconds(ep.durationNs)}`, startNs: 0, endNs: ep.durationNs }],
  };
}
