import { useKeymap } from '../../state/keymap';
import type { UndoStack } from '../../state/undo';
import type { RedactReview } from './redactReview';

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
  useKeymap(() => {
    const r = review;
    const p = r.player;
    const undoable = (redo: boolean) => () =>
      void (redo ? history.redo() : history.undo()).catch((err: unknown) =>
        onError(err, redo ? 'redo' : 'undo'),
      );
    return {
      escape: () => (r.drawing ? r.setDrawing(false) : r.select(null)),
      undo: undoable(false),
      redo: undoable(true),
      keys: {
        tab: (e) => r.selectNext(e.shiftKey ? -1 : 1),
        a: () => void r.decide('approved'),
        r: () => void r.decide('rejected'),
        u: () => void r.decide('pending'),
        n: () => r.nextUnreviewed(),
        d: () => r.setDrawing(!r.drawing),
        i: () => p.markIn(),
        o: () => void r.markOut(),
        w: () => void r.wholeFrames(),
        delete: () => void r.removeSelected(),
        backspace: () => void r.removeSelected(),
        ' ': () => p.toggle(),
        arrowleft: () => p.step(-1),
        arrowright: () => p.step(1),
        ',': () => p.step(-1),
        '.': () => p.step(1),
      },
    };
  });
}
