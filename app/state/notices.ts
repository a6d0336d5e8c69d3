/** One message for the user: what happened, or what failed. */
export interface Notice {
  message: string;
  kind: 'info' | 'error';
  id: number;
}

const SHOWN_MS = { info: 3500, error: 8000 } as const;

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Logs a failure with its cause and returns its message, for a screen that shows the failure in
 * place (an inline message) rather than as a toast.
 */
export function logFailure(error: unknown, what: string): string {
  console.error(`${what} failed:`, error);
  return messageOf(error);
}

/**
 * The app's toast: the latest notice, shown for a while. Every failure the user should know about
 * comes through `error`, which also logs it, so that none goes unseen.
 */
export class Notices {
  private current: Notice | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next = 1;
  private readonly listeners = new Set<() => void>();

  get notice(): Notice | null {
    return this.current;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  info(message: string): void {
    this.show(message, 'info');
  }

  /** A failure: shown and logged. */
  error(error: unknown, what: string): void {
    this.show(logFailure(error, what), 'error');
  }

  /** A request turned down before anything was called (nothing failed): shown as a warning. */
  refuse(message: string): void {
    this.show(message, 'error');
  }

  /** Closes the notice shown now (the user read it, or it is in the way). */
  dismiss(): void {
    if (!this.current) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
    this.emit();
  }

  private show(message: string, kind: Notice['kind']): void {
    if (this.timer) clearTimeout(this.timer);
    this.current = { message, kind, id: this.next++ };
    this.timer = setTimeout(() => {
      this.current = null;
      this.emit();
    }, SHOWN_MS[kind]);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
