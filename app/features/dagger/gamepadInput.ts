import { pressedSince, readPad, type PadButton, type PadReading } from './gamepadMap';

export interface PadFrame {
  pad: PadReading;
  /** Seconds since the previous reading. */
  dt: number;
  presses: PadButton[];
}

type Listener = (frame: PadFrame) => void;

/**
 * Polls the Gamepad API once an animation frame (it has no events for axes or buttons) and reports
 * the first connected pad's reading, with the buttons pressed since the last one, to its listeners;
 * `connected` names the pad (null: none).
 */
export class GamepadInput {
  private raf = 0;
  private last: PadReading | null = null;
  private lastTime = 0;
  private readonly listeners = new Set<Listener>();
  private readonly connectionListeners = new Set<(id: string | null) => void>();
  private connectedId: string | null = null;

  constructor(private readonly source: () => readonly (Gamepad | null)[] = () => navigator.getGamepads()) {}

  get connected(): string | null {
    return this.connectedId;
  }

  start(): void {
    const tick = (t: number) => {
      this.raf = requestAnimationFrame(tick);
      this.poll(t);
    };
    this.raf = requestAnimationFrame(tick);
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.listeners.clear();
    this.connectionListeners.clear();
  }

  onFrame(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: (id: string | null) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  private poll(timeMs: number): void {
    const raw = this.source().find((p): p is Gamepad => p !== null && p.connected);
    const id = raw?.id ?? null;
    if (id !== this.connectedId) {
      this.connectedId = id;
      this.last = null;
      for (const l of this.connectionListeners) l(id);
    }
    if (!raw) return;
    const pad = readPad(raw);
    // At most a tenth of a second a frame: a hidden tab's pause is not a long push.
    const dt = this.lastTime ? Math.min(0.1, (timeMs - this.lastTime) / 1000) : 0;
    this.lastTime = timeMs;
    const frame = { pad, dt, presses: pressedSince(this.last, pad) };
    this.last = pad;
    for (const l of this.listeners) l(frame);
  }
}
