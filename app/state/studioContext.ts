import { createContext, useContext, useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../src/common/api';
import type { StudioClient } from '../client';

export const StudioContext = createContext<StudioClient | null>(null);

export function useStudio(): StudioClient {
  const client = useContext(StudioContext);
  if (!client) throw new Error('useStudio outside StudioContext');
  return client;
}

/** Subscribes to a contract event for the component's lifetime. */
export function useStudioEvent<K extends EventName>(
  name: K,
  listener: (payload: EventPayload<K>) => void,
): void {
  const client = useStudio();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => client.on(name, (p) => ref.current(p)), [client, name]);
}
