import { useEffect, useRef } from 'react';

export interface ReplayKeys {
  toggle(): void;
  step(frames: number): void;
  /** A step key held down (the keyboard repeats it): step on at the clip's rate until released. */
  holdStep(dir: -1 | 1): void;
  stopHold(): void;
  shuttle(dir: -1 | 0 | 1): void;
  markIn(): void;
  markOut(): void;
  jumpSegment(dir: -1 | 1): void;
  toggleLoop(): void;
  split(): void;
  merge(): void;
  remove(): void;
  splitEpisode(): void;
  undo(): void;
  redo(): void;
  escape(): void;
}

const STEP_KEYS: Record<string, -1 | 1 | undefined> = { arrowleft: -1, ',': -1, arrowright: 1, '.': 1 };

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);

/**
 * Replay shortcuts: space play/pause; ←/→ and ,/. step a frame (held, at the clip's frame rate); J/K/L shuttle; I/O in and out
 * (O makes the segment); [ and ] previous/next segment; R loop; S split; M merge; Delete; undo/redo;
 * Shift+S splits the episode at the playhead.
 */
export function useReplayKeys(keys: ReplayKeys): void {
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
      if (mod || e.altKey) return;
      if (e.shiftKey && key === 's') return void (e.preventDefault(), k.splitEpisode());
      const stepDir = STEP_KEYS[key];
      if (stepDir && e.repeat) return void (e.preventDefault(), k.holdStep(stepDir));
      const actions: Record<string, () => void> = {
        ' ': k.toggle,
        arrowleft: () => k.step(-1),
        arrowright: () => k.step(1),
        ',': () => k.step(-1),
        '.': () => k.step(1),
        j: () => k.shuttle(-1),
        k: () => k.shuttle(0),
        l: () => k.shuttle(1),
        i: k.markIn,
        o: k.markOut,
        '[': () => k.jumpSegment(-1),
        ']': () => k.jumpSegment(1),
        r: k.toggleLoop,
        s: k.split,
        m: k.merge,
        delete: k.remove,
        backspace: k.remove,
      };
      const action = actions[key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    const onKeyUp = (e: KeyboardEvent) => STEP_KEYS[e.key.toLowerCase()] && ref.current.stopHold();
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    const onBlur = () => ref.current.stopHold();
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);
}
