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

  async undo(): Promise<string | null> {
    const edit = this.done.pop();
    if (!edit) return null;
    await edit.undo();
    this.undone.push(edit);
    return edit.label;
  }

  async redo(): Promise<string | null> {
    const edit = this.undone.pop();
    if (!edit) return null;
    await edit.redo();
    this.done.push(edit);
    return edit.label;
  }
}
