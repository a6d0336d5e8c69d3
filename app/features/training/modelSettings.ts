import { HyperparametersSchema, keepsRows, type Model } from '../../../src/common/api';

/**
 * A model's training settings in one line, from the request it was trained with (what the user
 * chose) and its resolved policy config (the defaults that filled the rest); '–' when unreadable or empty.
 */
export function describeSettings(m: Model): string {
  const request = m.config['request'] as { hyperparameters?: unknown } | undefined;
  const parsed = HyperparametersSchema.safeParse(request?.hyperparameters ?? {});
  const policy = (m.config['policy'] ?? {}) as { learningRate?: unknown; hidden?: unknown; chunk?: unknown };
  if (!parsed.success) return '–';
  const h = parsed.data;
  // A policy that keeps its rows takes no optimizer steps: no rate to show.
  const lr = keepsRows(m.policy)
    ? undefined
    : typeof policy.learningRate === 'number'
      ? policy.learningRate
      : h.learningRate;
  const hidden = Array.isArray(policy.hidden) ? policy.hidden : h.hidden;
  const chunk = typeof policy.chunk === 'number' ? policy.chunk : h.chunk;
  const parts = [
    lr === undefined ? null : `learning rate ${lr} ${h.lrSchedule ?? 'constant'}`,
    hidden === undefined ? null : `hidden ${hidden.join(', ')}`,
    chunk === undefined || chunk === 1 ? null : `chunks of ${chunk}`,
    h.relativeActions ? 'actions relative to state' : null,
    h.actionsRelativeTo === undefined ? null : `actions relative to ${h.actionsRelativeTo}`,
    h.objectFrame === undefined ? null : `seen from ${h.objectFrame}`,
    h.temperature === undefined ? null : `temperature ${h.temperature}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '–';
}
