import { useEffect, useRef } from 'react';
import type { QualityDecision } from '../../../src/common/api';

export interface TriageKeys {
  move(delta: number, extend: boolean): void;
  decide(decision: QualityDecision): void;
  selectAll(): void;
  undo(): void;
  redo(): void;
  open(): void;
  escape(): void;
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);

const DECISION_KEYS: Record<string, QualityDecision> = { k: 'keep', r: 'reject', v: 'review' };

/**
 * Triage shortcuts: ↑/↓ move (Shift extends the selection), K keep, R reject, V needs review,
 * Ctrl/⌘+A select all, Enter replays the cursor's episode, Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or
 * Ctrl/⌘+Y redo, Esc closes the player or clears the selection.
 */
export function useTriageKeys(keys: TriageKeys): void {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = ref.current;
      if (e.key === 'Escape') return k.escape();
      if (typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z') return void (e.preventDefault(), e.shiftKey ? k.redo() : k.undo());
      if (mod && key === 'y') return void (e.preventDefault(), k.redo());
      if (mod && key === 'a') return void (e.preventDefault(), k.selectAll());
      if (mod || e.altKey) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        return k.move(e.key === 'ArrowDown' ? 1 : -1, e.shiftKey);
      }
      if (e.key === 'Enter') return k.open();
      const decision = DECISION_KEYS[key];
      if (decision) {
        e.preventDefault();
        k.decide(decision);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
