import {
  useMutation,
  useQuery,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { CallInput, CallName, CallOutput } from '../../src/common/api';
import type { StudioClient } from '../client/studioClient';
import { useStudio } from '../state/studioContext';

/** A read's cache key: the call's name, then its input; invalidating `[name]` refetches them all. */
export type CallKey<K extends CallName> = readonly [K, CallInput<K>];

export const callKey = <K extends CallName>(name: K, input: CallInput<K>): CallKey<K> => [name, input];

/** The query of one read, for `useQueries` and for prefetching. */
export function callQuery<K extends CallName>(client: StudioClient, name: K, input: CallInput<K>) {
  return { queryKey: callKey(name, input), queryFn: () => client.call(name, input) };
}

export type CallOptions<K extends CallName> = Pick<
  UseQueryOptions<CallOutput<K>, Error, CallOutput<K>, CallKey<K>>,
  'enabled' | 'placeholderData' | 'staleTime'
> & {
  /** The screen shows the failure in place (`error` of the result); it is logged, not toasted. */
  inline?: boolean;
};

/**
 * A contract read, cached by name and input. Loading and failure come with the result: a failure
 * is toasted (or, with `inline`, left for the screen to show) and logged by the QueryClient.
 */
export function useCall<K extends CallName>(
  name: K,
  input: CallInput<K>,
  options: CallOptions<K> = {},
): UseQueryResult<CallOutput<K>, Error> {
  const client = useStudio();
  const { inline, ...rest } = options;
  return useQuery({ ...callQuery(client, name, input), meta: { inline }, ...rest });
}

/**
 * A contract write. A failure is toasted and logged by the QueryClient (or, with `inline`, logged
 * and left in `error`); the reads it changes refetch (staleness.ts).
 */
export function useCallMutation<K extends CallName>(
  name: K,
  options: { inline?: boolean; onSuccess?: (output: CallOutput<K>, input: CallInput<K>) => void } = {},
): UseMutationResult<CallOutput<K>, Error, CallInput<K>> {
  const client = useStudio();
  return useMutation({
    mutationKey: [name],
    mutationFn: (input: CallInput<K>) => client.call(name, input),
    meta: { inline: options.inline },
    onSuccess: options.onSuccess,
  });
}
