import type { DecisionState, QualityDecision } from '../../../src/common/api';
import type { StudioClient } from '../../client/studioClient';
import type { UndoableEdit } from '../../state/undo';

const VERB: Record<QualityDecision, string> = { keep: 'keep', reject: 'reject', review: 'needs review' };

/**
 * Decides `ids` and returns the edit that takes it back: undo restores the states the decision
 * answered, redo restores the states the undo answered (each a `restoreDecisions` call, audited).
 */
export async function decide(
  client: StudioClient,
  ids: readonly string[],
  decision: QualityDecision,
  note: string,
): Promise<UndoableEdit> {
  const { previous } = await client.call('decideEpisodes', { episodeIds: [...ids], decision, note });
  let before: DecisionState[] = previous;
  let after: DecisionState[] = [];
  return {
    label: `${VERB[decision]} ${ids.length} episode${ids.length === 1 ? '' : 's'}`,
    async undo() {
      after = (await client.call('restoreDecisions', { states: before })).previous;
    },
    async redo() {
      before = (await client.call('restoreDecisions', { states: after })).previous;
    },
  };
}
