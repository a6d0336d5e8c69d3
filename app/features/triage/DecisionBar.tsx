import type { QualityDecision } from '../../../src/common/api';
import type { TriageModel } from './triageModel';
import { useTriage } from './useTriage';

/** Keep / reject / needs review for the selection, with a note; the keys say the same (K, R, V). */
export function DecisionBar(props: {
  model: TriageModel;
  note: string;
  onNote(note: string): void;
  onDecide(decision: QualityDecision): void;
}) {
  const model = useTriage(props.model, 'selection');
  const n = model.selection.size;
  const none = n === 0;
  return (
    <div className="decision-bar" data-testid="decision-bar">
      <span className="muted" data-testid="selection-count">
        {n === 0 ? 'Nothing selected' : `${n} selected`}
      </span>
      <input
        className="note"
        placeholder="Note (optional)"
        value={props.note}
        maxLength={2000}
        onChange={(e) => props.onNote(e.target.value)}
        data-testid="decision-note"
      />
      <button
        disabled={none}
        onClick={() => props.onDecide('keep')}
        data-testid="decide-keep"
        title="Keep (K)"
      >
        Keep
      </button>
      <button
        disabled={none}
        className="danger"
        onClick={() => props.onDecide('reject')}
        data-testid="decide-reject"
        title="Reject: training and exports leave it out (R)"
      >
        Reject
      </button>
      <button
        disabled={none}
        onClick={() => props.onDecide('review')}
        data-testid="decide-review"
        title="Needs review: left out until someone decides (V)"
      >
        Needs review
      </button>
    </div>
  );
}
