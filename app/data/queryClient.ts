import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ClientError } from '../client/studioClient';
import type { Notices } from '../state/notices';
import { logFailure } from '../state/notices';

/** What a screen tells the data layer about one call. */
export interface CallMeta extends Record<string, unknown> {
  /** The screen shows this call's failure in place; it is logged, not toasted. */
  inline?: boolean;
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: CallMeta;
    mutationMeta: CallMeta;
  }
}

/**
 * The renderer's one cache of studio calls. Every failed read or write is reported here, once:
 * logged, and toasted unless the screen shows it in place (`inline`).
 */
export function createQueryClient(notices: Notices): QueryClient {
  const report = (error: unknown, what: string, meta: CallMeta | undefined) => {
    if (meta?.inline) logFailure(error, what);
    else notices.error(error, what);
  };
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => report(error, String(query.queryKey[0]), query.meta),
    }),
    mutationCache: new MutationCache({
      onError: (error, _input, _result, mutation) =>
        report(error, String(mutation.options.mutationKey?.[0] ?? 'call'), mutation.meta),
    }),
    defaultOptions: {
      queries: {
        // The studio's own answers (not found, bad input, …) do not change on a retry; a dropped
        // connection may.
        retry: (failures, error) => failures < 2 && !(error instanceof ClientError),
        // Events and writes keep the cache current (see events.ts and staleness.ts).
        refetchOnWindowFocus: false,
      },
    },
  });
}
