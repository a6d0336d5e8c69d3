import type { EnvSpec, Rollout } from '../sim';
import type { EpisodeInput } from './types';

/** A simulator rollout as the signals see it (as `recordRollout` stores it: one frame per control step). */
export function rolloutInput(id: string, spec: EnvSpec, r: Rollout): EpisodeInput {
  const times = Float64Array.from({ length: r.steps }, (_, k) => Math.round((k * 1e9) / spec.controlHz));
  return {
    id,
    durationNs: r.steps > 0 ? times[r.steps - 1]! : 0,
    state: { columns: spec.observation, dim: spec.observation.length, values: r.obs, timesNs: times },
    action: { columns: spec.action, dim: spec.action.length, values: r.actions, timesNs: times },
    reward: { columns: ['reward'], dim: 1, values: r.rewards, timesNs: times },
    success: r.success,
    videos: [],
  };
}
