import { useEffect, useRef } from 'react';

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

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.tagName === 'TEXTAREA' ||
    t.tagName === 'SELECT' ||
    t.isContentEditable ||
    (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'range'));

/**
 * The DAgger screen's shortcuts: space play/pause; ←/→ and ,/. step a frame; I/O in and out; K a
 * keyframe with the current control; A accept the policy over the in/out span; Delete clears it;
 * N next unlabelled frame; U next most uncertain unlabelled frame; [ and ] nudge the first control
 * (Shift: the second); Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo; Escape clears the marks.
 */
export function useDaggerKeys(keys: DaggerKeys): void {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = ref.current;
      if (e.key === 'Escape') return k.escape();
      if (typing(e.target)) return;
      // A focused slider keeps its own arrow keys.
      if (e.key.startsWith('Arrow') && e.target instanceof HTMLInputElement) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z') return void (e.preventDefault(), e.shiftKey ? k.redo() : k.undo());
      if (mod && key === 'y') return void (e.preventDefault(), k.redo());
      if (mod || e.altKey) return;
      const dim = e.shiftKey ? 1 : 0;
      const actions: Record<string, () => void> = {
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
        '[': () => k.nudge(dim, -1),
        ']': () => k.nudge(dim, 1),
        '{': () => k.nudge(1, -1),
        '}': () => k.nudge(1, 1),
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
