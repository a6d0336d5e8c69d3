import { createContext, useContext } from 'react';
import type { StudioClient } from '../client';

export const StudioContext = createContext<StudioClient | null>(null);

/** The studio client. Reads go through `useCall` (app/data); events reach the cache in app/data/events.ts. */
export function useStudio(): StudioClient {
  const client = useContext(StudioContext);
  if (!client) throw new Error('useStudio outside StudioContext');
  return client;
}
