// The screens' addresses, parsed and written in one place. Kept free of the DOM so that unit tests,
// which are type-checked without it, can import it; `router.ts` adds the listener and navigation.

/** The screen the address names. Anything unknown is the library. */
export type Route =
  | { screen: 'library' }
  | { screen: 'episode'; episodeId: string; atNs: number | null }
  | { screen: 'redact'; episodeId: string }
  | { screen: 'train' }
  | { screen: 'settings' }
  /** `#/dagger` lists the DAgger runs; `#/dagger/<runId>` labels a run, `?episode=<id>` one rollout. */
  | { screen: 'dagger'; runId: string | null; episodeId: string | null }
  | { screen: 'quality'; dataset: string };

export const LIBRARY_HREF = '#/';
export const TRAIN_HREF = '#/train';
export const SETTINGS_HREF = '#/settings';
export const DAGGER_HREF = '#/dagger';

export const daggerHref = (runId: string, episodeId?: string | null): string =>
  `#/dagger/${encodeURIComponent(runId)}${episodeId ? `?episode=${encodeURIComponent(episodeId)}` : ''}`;

/** `#/quality/<dataset>` triages a dataset's episodes by their quality. */
export const qualityHref = (dataset: string): string => `#/quality/${encodeURIComponent(dataset)}`;

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
    case 'dagger':
      return route.runId === null ? DAGGER_HREF : daggerHref(route.runId, route.episodeId);
    case 'quality':
      return qualityHref(route.dataset);
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
  const dagger = /^#\/dagger(?=[/?]|$)(?:\/([^/?#]+))?(?:\?(?:.*&)?episode=([^&#]+))?/.exec(hash);
  if (dagger) {
    try {
      const decode = (s: string | undefined) => (s === undefined ? null : decodeURIComponent(s));
      return { screen: 'dagger', runId: decode(dagger[1]), episodeId: decode(dagger[2]) };
    } catch {
      return { screen: 'library' };
    }
  }
  const quality = /^#\/quality\/([^/?#]+)/.exec(hash);
  if (quality) {
    try {
      return { screen: 'quality', dataset: decodeURIComponent(quality[1]!) };
    } catch {
      return { screen: 'library' };
    }
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
