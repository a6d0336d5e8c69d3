import { useEffect, useState } from 'react';

/** The screen the address names: `#/episode/<id>` replays an episode; anything else is the library. */
export type Route = { screen: 'library' } | { screen: 'episode'; episodeId: string };

export function parseRoute(hash: string): Route {
  const m = /^#\/episode\/([^/?#]+)/.exec(hash);
  return m ? { screen: 'episode', episodeId: decodeURIComponent(m[1]!) } : { screen: 'library' };
}

export const episodeHref = (id: string) => `#/episode/${encodeURIComponent(id)}`;

export function openEpisode(id: string): void {
  window.location.hash = episodeHref(id);
}

export function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}
