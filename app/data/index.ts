import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useStudio } from '../state/studioContext';
import { connectEvents } from './events';

export { createQueryClient } from './queryClient';
export { invalidatingClient } from './staleness';
export { callKey, callQuery, useCall, useCallMutation } from './useCall';

/** Keeps the cache current with the studio's events while the app is open. */
export function useStudioEvents(): void {
  const client = useStudio();
  const queries = useQueryClient();
  useEffect(() => connectEvents(client, queries), [client, queries]);
}
