import { isTyping, useKeymap } from '../../state/keymap';

export interface DaggerKeys {
  toggle(): void;
  step(frames: number): void;
  markIn(): void;
  markOut(): void;
  keyframe(): void;
  accept(): void;
  clear(): void;
  nextUnlabelled(): void;
  nextUncertain(): void;
  nudge(dim: number, steps: number): void;
  undo(): void;
  redo(): void;
  escape(): void;
}

/** A range slider keeps only its arrow keys; other fields keep every key. */
const ownsKey = (e: KeyboardEvent) =>
  e.target instanceof HTMLInputElement && e.target.type === 'range'
    ? e.key.startsWith('Arrow')
    : isTyping(e.target);

/**
 * The DAgger screen's shortcuts: space play/pause; ←/→ and ,/. step a frame; I/O in and out; K a
 * keyframe with the current control; A accept the policy over the in/out span; Delete clears it;
 * N next unlabelled frame; U next most uncertain unlabelled frame; [ and ] nudge the first control
 * (Shift: the second); Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo; Escape clears the marks.
 */
export function useDaggerKeys(keys: DaggerKeys): void {
  useKeymap(() => {
    const k = keys;
    const nudge = (steps: number) => (e: KeyboardEvent) => k.nudge(e.shiftKey ? 1 : 0, steps);
    return {
      escape: k.escape,
      undo: k.undo,
      redo: k.redo,
      ownsKey,
      keys: {
        ' ': k.toggle,
        arrowleft: () => k.step(-1),
        arrowright: () => k.step(1),
        ',': () => k.step(-1),
        '.': () => k.step(1),
        i: k.markIn,
        o: k.markOut,
        k: k.keyframe,
        a: k.accept,
        delete: k.clear,
        backspace: k.clear,
        n: k.nextUnlabelled,
        u: k.nextUncertain,
        '[': nudge(-1),
        ']': nudge(1),
        '{': () => k.nudge(1, -1),
        '}': () => k.nudge(1, 1),
      },
    };
  });
}
