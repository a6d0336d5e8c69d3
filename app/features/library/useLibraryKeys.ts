import { useKeymap } from '../../state/keymap';

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

/**
 * Library shortcuts: `/` search, Ctrl+I import, arrows (or J/K) move, Enter opens, M merges the
 * selected parts, Ctrl+Z / Ctrl+Shift+Z undo and redo.
 */
export function useLibraryKeys(keys: Keys): void {
  useKeymap(() => ({
    escape: keys.escape,
    undo: keys.undo,
    redo: keys.redo,
    modAnywhere: { i: keys.openImport },
    keys: {
      enter: keys.open,
      '/': keys.focusSearch,
      m: keys.merge,
      arrowdown: () => keys.move(1),
      j: () => keys.move(1),
      arrowup: () => keys.move(-1),
      k: () => keys.move(-1),
    },
  }));
}
