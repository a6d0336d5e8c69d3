import { useCallback, useEffect, useRef, useState } from 'react';
import type { EpisodeQuery, EpisodeSummary } from '../../src/common/api';
import { useStudio } from './studioContext';

export const PAGE_SIZE = 200;

/**
 * Episodes of a query, fetched a page at a time as rows scroll into view, so a library of tens of
 * thousands of episodes opens at once.
 */
export function useEpisodePages(query: Omit<EpisodeQuery, 'offset' | 'limit'>, reloadKey: number) {
  const client = useStudio();
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, EpisodeSummary[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const key = JSON.stringify(query);

  const load = useCallback(
    (page: number, gen: number) => {
      if (pending.current.has(page)) return;
      pending.current.add(page);
      client
        .call('listEpisodes', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then((r) => {
          if (gen !== generation.current) return;
          setTotal(r.total);
          setPages((prev) => new Map(prev).set(page, r.items));
          setError(null);
        })
        .catch((e: Error) => gen === generation.current && setError(e.message))
        .finally(() => pending.current.delete(page));
    },
    [client, key], // `key` stands for `query`, which is a new object on every render
  );

  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setPages(new Map());
    load(0, generation.current);
  }, [load]);

  // The library changed: refresh what is loaded, keeping the old rows on screen until then.
  useEffect(() => {
    if (reloadKey === 0) return;
    for (const page of new Set([0, ...pagesRef.current.keys()])) load(page, generation.current);
  }, [reloadKey, load]);

  const ensure = useCallback(
    (index: number) => {
      const page = Math.floor(index / PAGE_SIZE);
      if (!pages.has(page)) load(page, generation.current);
    },
    [pages, load],
  );

  const at = (index: number): EpisodeSummary | undefined =>
    pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];

  return { total, at, ensure, error };
}
