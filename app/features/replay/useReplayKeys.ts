import { useEffect, useRef } from 'react';
import { useKeymap } from '../../state/keymap';

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

/**
 * Replay shortcuts: space play/pause; ←/→ and ,/. step a frame (held, at the clip's frame rate); J/K/L shuttle;
 * I/O in and out (O makes the segment); [ and ] previous/next segment; R loop; S split; M merge;
 * Delete; undo/redo; Shift+S splits the episode at the playhead.
 */
export function useReplayKeys(keys: ReplayKeys): void {
  const ref = useRef(keys);
  ref.current = keys;
  useKeymap(() => {
    const k = keys;
    // A held step key repeats: the player steps on by itself until it is released.
    const step = (dir: -1 | 1) => (e: KeyboardEvent) => (e.repeat ? k.holdStep(dir) : k.step(dir));
    return {
      escape: k.escape,
      undo: k.undo,
      redo: k.redo,
      keys: {
        ' ': k.toggle,
        arrowleft: step(-1),
        arrowright: step(1),
        ',': step(-1),
        '.': step(1),
        j: () => k.shuttle(-1),
        k: () => k.shuttle(0),
        l: () => k.shuttle(1),
        i: k.markIn,
        o: k.markOut,
        '[': () => k.jumpSegment(-1),
        ']': () => k.jumpSegment(1),
        r: k.toggleLoop,
        s: (e) => (e.shiftKey ? k.splitEpisode() : k.split()),
        m: k.merge,
        delete: k.remove,
        backspace: k.remove,
      },
    };
  });
  useEffect(() => {
    const onKeyUp = (e: KeyboardEvent) => STEP_KEYS[e.key.toLowerCase()] && ref.current.stopHold();
    const onBlur = () => ref.current.stopHold();
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);
}
