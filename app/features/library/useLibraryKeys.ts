import { useEffect, useRef } from 'react';

interface Keys {
  focusSearch(): void;
  openImport(): void;
  move(delta: number): void;
  undo(): void;
  redo(): void;
  escape(): void;
  open(): void;
  merge(): void;
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);

/**
 * Library shortcuts: `/` search, Ctrl+I import, arrows move, M merges the selected parts,
 * Ctrl+Z / Ctrl+Shift+Z undo and redo.
 */
export function useLibraryKeys(keys: Keys): void {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'Escape') return k.escape();
      if (mod && e.key.toLowerCase() === 'i') {
        e.preventDefault();
        return k.openImport();
      }
      if (typing(e.target)) return;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        return e.shiftKey ? k.redo() : k.undo();
      }
      if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        return k.redo();
      }
      if (e.key === 'Enter') {
        e.preventDefault();
        return k.open();
      }
      if (e.key === '/') {
        e.preventDefault();
        return k.focusSearch();
      }
      if (!mod && !e.altKey && e.key.toLowerCase() === 'm') {
        e.preventDefault();
        return k.merge();
      }
      if (e.key === 'ArrowDown' || e.key === 'j') {
        e.preventDefault();
        return k.move(1);
      }
      if (e.key === 'ArrowUp' || e.key === 'k') {
        e.preventDefault();
        return k.move(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
