import { describe, expect, it, vi } from 'vitest';
import type { FeatureDeps } from '../../../src/feature/deps';
import { withWorkspace } from '../../helpers/workspace';

// The uncertainty ranker (TensorFlow.js) is imported at its first use. Here its first import fails,
// as a damaged install or a full disk would make it, and the second succeeds.
let loads = 0;
vi.mock('../../../src/dagger/uncertainty', () => {
  loads++;
  if (loads === 1) throw new Error('could not load the ranker');
  return {
    UncertaintyRanker: class {
      episode = () => ({ model: 'm_1', scores: [0.5], disagreement: [0.5], novelty: [0] });
    },
  };
});

describe('the DAgger handlers’ lazily loaded ranker', () => {
  it('answers a failed load with its error, and loads again at the next call', () =>
    withWorkspace(async (ws) => {
      const { createDaggerHandlers } = await import('../../../src/dagger/handlers');
      const handlers = createDaggerHandlers({ ws } as unknown as FeatureDeps);
      // (Vitest wraps the module's error in its own, which names it as the cause.)
      const failed = await Promise.resolve()
        .then(() => handlers.episodeUncertainty({ episodeId: 'ep_a' }))
        .catch((e: Error) => e);
      expect(String((failed as Error).cause ?? failed)).toMatch(/could not load the ranker/);
      await expect(handlers.episodeUncertainty({ episodeId: 'ep_a' })).resolves.toMatchObject({
        model: 'm_1',
      });
    }));
});
