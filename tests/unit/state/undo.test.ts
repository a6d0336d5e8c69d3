import { describe, expect, it } from 'vitest';
import { UndoStack } from '../../../app/state/undo';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('UndoStack', () => {
  it('runs a redo pressed during a slow undo after it, so the redo finds the edit', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.push({
      label: 'trim',
      undo: async () => {
        await later(30);
        log.push('undo');
      },
      redo: async () => {
        log.push('redo');
      },
    });
    const [undone, redone] = await Promise.all([stack.undo(), stack.redo()]);
    expect([undone, redone]).toEqual(['trim', 'trim']);
    expect(log).toEqual(['undo', 'redo']);
  });

  it('keeps an edit whose undo failed, so it can be tried again, and goes on after the failure', async () => {
    const stack = new UndoStack();
    let fail = true;
    stack.push({
      label: 'split',
      undo: async () => {
        if (fail) throw new Error('studio unreachable');
      },
      redo: async () => {},
    });
    await expect(stack.undo()).rejects.toThrow('studio unreachable');
    fail = false;
    expect(await stack.undo()).toBe('split');
    expect(await stack.undo()).toBeNull();
    expect(await stack.redo()).toBe('split');
  });

  it('forgets the redo side when a new edit is made', async () => {
    const stack = new UndoStack();
    const edit = (label: string) => ({ label, undo: async () => {}, redo: async () => {} });
    stack.push(edit('a'));
    await stack.undo();
    stack.push(edit('b'));
    expect(await stack.redo()).toBeNull();
    expect(await stack.undo()).toBe('b');
  });
});
