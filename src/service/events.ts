import type { EventName, EventPayload } from '../common/api';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** Fans contract events out to every connected client (IPC windows, SSE streams). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const l of this.listeners) l(name, payload);
  }
}
