import { MediaRefSchema, parseMediaPath, type MediaRef } from '../common/api';
import { shownVideo } from '../redact/versions';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';
import { resolveRobotAsset } from './robotAssets';

/** A file a media route may serve, and the type to serve it as. */
export interface MediaFile {
  file: string;
  mime: string;
  /**
   * The route may answer with other bytes later (a video's redacted copy replaces it): replies are
   * revalidated, tagged with the blob served. Routes named by a content hash are immutable.
   */
  version?: string;
}

/** Turns a route path below a host's media prefix (`blob/<hash>`, `robots/so101/…`) into a file. */
export type MediaResolver = (routePath: string) => MediaFile | null;

type RouteOf<K extends MediaRef['kind']> = (ref: Extract<MediaRef, { kind: K }>) => MediaFile | null;

/**
 * The one resolver behind `/media/` (web host) and `studio-media://media/` (Electron). Each kind of
 * `MediaRef` has one entry; a new kind of ref fails to compile until it has one here. Nothing the
 * renderer sends becomes a path: a blob is found by its hash only when the catalog lists it, a
 * robot asset only inside `resources/robots/`.
 */
export function createMediaResolver(ws: Workspace): MediaResolver {
  const catalog = new Catalog(ws.db);
  const routes: { [K in MediaRef['kind']]: RouteOf<K> } = {
    // The type comes from the catalog; `ext` only names the format for loaders that read URLs.
    blob: ({ hash }) => {
      const mime = catalog.blobMime(hash);
      return mime && ws.blobs.has(hash) ? { file: ws.blobs.pathOf(hash), mime } : null;
    },
    robotAsset: ({ path }) => resolveRobotAsset(path),
    video: ({ hash }) => {
      if (!catalog.blobMime(hash)) return null;
      const shown = shownVideo(ws.db, hash);
      const mime = catalog.blobMime(shown);
      return mime && ws.blobs.has(shown) ? { file: ws.blobs.pathOf(shown), mime, version: shown } : null;
    },
  };
  return (routePath) => {
    const parsed = MediaRefSchema.safeParse(parseMediaPath(routePath));
    if (!parsed.success) return null;
    const ref = parsed.data;
    return (routes[ref.kind] as RouteOf<typeof ref.kind>)(ref);
  };
}
