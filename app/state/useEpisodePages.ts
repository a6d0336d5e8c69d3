import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { EpisodeQuery, EpisodeSummary } from '../../src/common/api';
import { callQuery } from '../data';
import { useStudio } from './studioContext';

export const PAGE_SIZE = 200;

/**
 * Episodes of a query, fetched a page at a time as rows scroll into view, so a library of tens of
 * thousands of episodes opens at once. Pages are cached reads: a change to the library refetches
 * the ones loaded, keeping their rows on screen until then.
 */
export function useEpisodePages(query: Omit<EpisodeQuery, 'offset' | 'limit'>) {
  const client = useStudio();
  const key = JSON.stringify(query);
  // The pages rows have asked for, for this query; another query starts again from the first.
  const [wanted, setWanted] = useState({ key, pages: [0] });
  const pages = wanted.key === key ? wanted.pages : [0];

  const results = useQueries({
    queries: pages.map((page) => ({
      ...callQuery(client, 'listEpisodes', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
      meta: { inline: true },
      placeholderData: keepPreviousData,
    })),
  });
  const loaded = new Map(pages.map((page, i) => [page, results[i]?.data]));
  const total = results.find((r) => r.data)?.data?.total ?? null;
  const failed = results.find((r) => r.error)?.error;

  const ensure = useCallback(
    (index: number) => {
      const page = Math.floor(index / PAGE_SIZE);
      setWanted((w) => {
        const current = w.key === key ? w.pages : [0];
        return current.includes(page)
          ? w.key === key
            ? w
            : { key, pages: current }
          : { key, pages: [...current, page] };
      });
    },
    [key],
  );

  const at = (index: number): EpisodeSummary | undefined =>
    loaded.get(Math.floor(index / PAGE_SIZE))?.items[index % PAGE_SIZE];

  return { total, at, ensure, error: failed ? failed.message : null };
}
