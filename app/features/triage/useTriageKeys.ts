import { useKeymap } from '../../state/keymap';
import type { QualityDecision } from '../../../src/common/api';

export interface TriageKeys {
  move(delta: number, extend: boolean): void;
  decide(decision: QualityDecision): void;
  selectAll(): void;
  undo(): void;
  redo(): void;
  open(): void;
  /** Previous (-1) or next (1) span of the flag kind being replayed. */
  step(delta: number): void;
  escape(): void;
}

const DECISION_KEYS: Record<string, QualityDecision> = { k: 'keep', r: 'reject', v: 'review' };

/**
 * Triage shortcuts: ↑/↓ move (Shift extends the selection), K keep, R reject, V needs review,
 * Ctrl/⌘+A select all, Enter replays the cursor's episode, [ and ] step through the replayed flag
 * kind's spans, Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or
 * Ctrl/⌘+Y redo, Esc closes the player or clears the selection.
 */
export function useTriageKeys(keys: TriageKeys): void {
  useKeymap(() => ({
    escape: keys.escape,
    undo: keys.undo,
    redo: keys.redo,
    mod: { a: keys.selectAll },
    keys: {
      arrowdown: (e) => keys.move(1, e.shiftKey),
      arrowup: (e) => keys.move(-1, e.shiftKey),
      enter: keys.open,
      '[': () => keys.step(-1),
      ']': () => keys.step(1),
      ...Object.fromEntries(
        Object.entries(DECISION_KEYS).map(([key, decision]) => [key, () => keys.decide(decision)]),
      ),
    },
  }));
}
