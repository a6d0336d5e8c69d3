/** An edit the user can take back: `undo` and `redo` re-apply state through the API. */
export interface UndoableEdit {
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

/** A linear undo history (a new edit clears the redo side), bounded so it cannot grow without end. */
export class UndoStack {
  private done: UndoableEdit[] = [];
  private undone: UndoableEdit[] = [];

  constructor(private readonly limit = 200) {}

  push(edit: UndoableEdit): void {
    this.done.push(edit);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  /**
   * Undo and redo run one after another: a redo pressed while an undo is still talking to the studio
   * waits for it, rather than finding nothing to redo yet.
   */
  undo(): Promise<string | null> {
    return this.queue(async () => {
      const edit = this.done.pop();
      if (!edit) return null;
      try {
        await edit.undo();
      } catch (e) {
        this.done.push(edit);
        throw e;
      }
      this.undone.push(edit);
      return edit.label;
    });
  }

  redo(): Promise<string | null> {
    return this.queue(async () => {
      const edit = this.undone.pop();
      if (!edit) return null;
      try {
        await edit.redo();
      } catch (e) {
        this.undone.push(edit);
        throw e;
      }
      this.done.push(edit);
      return edit.label;
    });
  }

  private tail: Promise<unknown> = Promise.resolve();

  private queue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.tail.then(run);
    // The caller awaits `next` and reports its failure; the queue only waits for it to settle, so a
    // failed step is reported once and does not stop the steps after it.
    this.tail = Promise.allSettled([next]);
    return next;
  }
}
