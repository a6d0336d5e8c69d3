import { useMemo, useSyncExternalStore } from 'react';
import { episodeHref, parseRoute, type Route } from './routes';

export {
  DAGGER_HREF,
  daggerHref,
  episodeHref,
  hrefOf,
  LIBRARY_HREF,
  parseRoute,
  qualityHref,
  redactHref,
  SETTINGS_HREF,
  TRAIN_HREF,
  type Route,
} from './routes';

// One hashchange listener for the whole app, attached while anything renders a route.
const subscribers = new Set<() => void>();
const onHashChange = () => {
  for (const s of subscribers) s();
};

function subscribe(onChange: () => void): () => void {
  if (subscribers.size === 0) window.addEventListener('hashchange', onHashChange);
  subscribers.add(onChange);
  return () => {
    subscribers.delete(onChange);
    if (subscribers.size === 0) window.removeEventListener('hashchange', onHashChange);
  };
}

const currentHash = () => window.location.hash;

/** The route of the address bar, kept current. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return useMemo(() => parseRoute(hash), [hash]);
}

export function navigate(href: string): void {
  window.location.hash = href;
}

export function openEpisode(id: string, atNs?: number): void {
  navigate(episodeHref(id, atNs));
}
