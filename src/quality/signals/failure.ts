import type { EpisodeInput, SignalResult } from '../types';

/** Task failure, where the data says (tags or a success stream): an absolute signal, 1 for failure. */
export function failureSignal(ep: EpisodeInput): SignalResult {
  if (ep.success === null)
    return { kind: 'failure', value: null, reason: 'the data does not say', spans: [] };
  if (ep.success) return { kind: 'failure', value: 0, reason: 'succeeded', spans: [] };
  const startNs = Math.max(0, ep.durationNs - 1e9);
  return {
    kind: 'failure',
    value: 1,
    reason: 'the task was not completed',
    spans: [{ kind: 'failure', reason: 'ends without completing the task', startNs, endNs: ep.durationNs }],
  };
}
