import { useEffect, useRef } from 'react';
import type { UndoStack } from '../../state/undo';
import type { RedactReview } from './redactReview';

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);

/**
 * The reviewer's keys: Tab / Shift+Tab next / previous track, A approve, R reject, U reset,
 * N next unreviewed frame, D draw a box, Delete a drawn box, I / O in and out marks, W whole
 * frames over the marks,
 * space play, ← → (or , .) a frame, Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo, Escape.
 */
export function useRedactKeys(
  review: RedactReview,
  history: UndoStack,
  onError: (e: unknown, what: string) => void,
): void {
  const ref = useRef({ review, history, onError });
  ref.current = { review, history, onError };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { review: r, history: h, onError: fail } = ref.current;
      const p = r.player;
      if (e.key === 'Escape') return r.drawing ? r.setDrawing(false) : r.select(null);
      if (typing(e.target)) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && (key === 'z' || key === 'y')) {
        e.preventDefault();
        const redo = key === 'y' || e.shiftKey;
        (redo ? h.redo() : h.undo()).catch((err: unknown) => fail(err, redo ? 'redo' : 'undo'));
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const actions: Record<string, () => unknown> = {
        tab: () => r.selectNext(e.shiftKey ? -1 : 1),
        a: () => r.decide('approved'),
        r: () => r.decide('rejected'),
        u: () => r.decide('pending'),
        n: () => r.nextUnreviewed(),
        d: () => r.setDrawing(!r.drawing),
        i: () => p.markIn(),
        o: () => r.markOut(),
        w: () => r.wholeFrames(),
        delete: () => r.removeSelected(),
        backspace: () => r.removeSelected(),
        ' ': () => p.toggle(),
        arrowleft: () => p.step(-1),
        arrowright: () => p.step(1),
        ',': () => p.step(-1),
        '.': () => p.step(1),
      };
      const action = actions[key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
