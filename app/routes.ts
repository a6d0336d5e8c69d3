// The screens' addresses, parsed and written in one place. Kept free of the DOM so that unit tests,
// which are type-checked without it, can import it; `router.ts` adds the listener and navigation.

/** The screen the address names. Anything unknown is the library. */
export type Route =
  | { screen: 'library' }
  | { screen: 'episode'; episodeId: string; atNs: number | null }
  | { screen: 'redact'; episodeId: string }
  | { screen: 'train' }
  | { screen: 'settings' };

export const LIBRARY_HREF = '#/';
export const TRAIN_HREF = '#/train';
export const SETTINGS_HREF = '#/settings';

/** `#/episode/<id>` replays an episode; `?t=<ns>` opens it at that time. */
export const episodeHref = (id: string, atNs?: number | null): string =>
  `#/episode/${encodeURIComponent(id)}${atNs ? `?t=${Math.round(atNs)}` : ''}`;

/** `#/redact/<id>`: the privacy review of an episode's faces. */
export const redactHref = (id: string): string => `#/redact/${encodeURIComponent(id)}`;

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'episode':
      return episodeHref(route.episodeId, route.atNs);
    case 'redact':
      return redactHref(route.episodeId);
    case 'train':
      return TRAIN_HREF;
    case 'settings':
      return SETTINGS_HREF;
    case 'library':
      return LIBRARY_HREF;
  }
}

/** Parses `location.hash` (with its `#`). */
export function parseRoute(hash: string): Route {
  const episode = /^#\/episode\/([^/?#]+)(?:\?(?:.*&)?t=(\d+))?/.exec(hash);
  if (episode) {
    let episodeId: string;
    try {
      episodeId = decodeURIComponent(episode[1]!);
    } catch {
      return { screen: 'library' };
    }
    return { screen: 'episode', episodeId, atNs: episode[2] ? Number(episode[2]) : null };
  }
  const redact = /^#\/redact\/([^/?#]+)/.exec(hash);
  if (redact) {
    try {
      return { screen: 'redact', episodeId: decodeURIComponent(redact[1]!) };
    } catch {
      return { screen: 'library' };
    }
  }
  if (/^#\/train(?:[/?]|$)/.test(hash)) return { screen: 'train' };
  if (/^#\/settings(?:[/?]|$)/.test(hash)) return { screen: 'settings' };
  return { screen: 'library' };
}
