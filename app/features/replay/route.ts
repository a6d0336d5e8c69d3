import { useEffect, useState } from 'react';

/**
 * The screen the address names: `#/episode/<id>` replays an episode (`?t=<ns>` opens it at that
 * time); anything else is the library.
 */
export type Route = { screen: 'library' } | { screen: 'episode'; episodeId: string; atNs: number | null };

export function parseRoute(hash: string): Route {
  const m = /^#\/episode\/([^/?#]+)(?:\?t=(\d+))?/.exec(hash);
  if (!m) return { screen: 'library' };
  return { screen: 'episode', episodeId: decodeURIComponent(m[1]!), atNs: m[2] ? Number(m[2]) : null };
}

export const episodeHref = (id: string, atNs?: number) =>
  `#/episode/${encodeURIComponent(id)}${atNs ? `?t=${Math.round(atNs)}` : ''}`;

export function openEpisode(id: string, atNs?: number): void {
  window.location.hash = episodeHref(id, atNs);
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
