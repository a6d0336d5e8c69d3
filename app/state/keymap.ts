import { useEffect, useRef } from 'react';

/** One screen's keyboard shortcuts, read afresh on every key press. */
export interface Keymap {
  /** Escape, even while typing in a field. */
  escape?(): void;
  /** Ctrl/⌘+Z. */
  undo?(): void;
  /** Ctrl/⌘+Shift+Z or Ctrl/⌘+Y. */
  redo?(): void;
  /** Other Ctrl/⌘ + key shortcuts, by lower-cased key. */
  mod?: Record<string, () => void>;
  /** Ctrl/⌘ shortcuts that also work while typing in a field (e.g. Ctrl+I import). */
  modAnywhere?: Record<string, () => void>;
  /** Unmodified keys (Shift allowed), by lower-cased `KeyboardEvent.key`; the press is passed on. */
  keys: Record<string, ((e: KeyboardEvent) => void) | undefined>;
  /** Whether the focused element keeps this key for itself (default: text fields, selects, editables). */
  ownsKey?(e: KeyboardEvent): boolean;
}

/** Whether a key pressed in `target` is typed into it. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.tagName === 'INPUT' ||
      target.tagName === 'TEXTAREA' ||
      target.tagName === 'SELECT' ||
      target.isContentEditable)
  );
}

/**
 * Runs the shortcut a key press stands for in `map`, in the order every screen uses: Escape first,
 * Ctrl/⌘ shortcuts meant to work anywhere, then nothing for a key the focused element keeps; undo and
 * redo; other Ctrl/⌘ shortcuts; other Ctrl/⌘/Alt presses are left to the browser; then plain keys.
 * A handled press has its default prevented (Escape's is kept). Returns whether one was handled.
 */
export function dispatchKey(e: KeyboardEvent, map: Keymap): boolean {
  const key = e.key.toLowerCase();
  const mod = e.ctrlKey || e.metaKey;
  const run = (action: (() => void) | undefined) => {
    if (!action) return false;
    e.preventDefault();
    action();
    return true;
  };
  if (e.key === 'Escape' && map.escape) {
    map.escape();
    return true;
  }
  if (mod && run(map.modAnywhere?.[key])) return true;
  if ((map.ownsKey ?? ((ev: KeyboardEvent) => isTyping(ev.target)))(e)) return false;
  if (mod && key === 'z') return run(e.shiftKey ? map.redo : map.undo);
  if (mod && key === 'y') return run(map.redo);
  if (mod) return run(map.mod?.[key]);
  if (e.altKey) return false;
  const action = map.keys[key];
  return run(action && (() => action(e)));
}

/**
 * Binds a screen's shortcuts to the window while the component is mounted. `build` is called on
 * each key press, so it sees the screen's latest state and commands.
 */
export function useKeymap(build: () => Keymap): void {
  const ref = useRef(build);
  ref.current = build;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void dispatchKey(e, ref.current());
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
