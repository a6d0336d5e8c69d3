import { z } from 'zod';

// The media routes, declared once. Both hosts (the web host under `/media/`, Electron under
// `studio-media://media/`) resolve the same paths through one Node resolver, and the renderer's
// client turns a `MediaRef` into a URL; nothing above the client knows which host serves it.

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'a blob is named by its sha256');

/** What the renderer can ask for: a catalogued blob, or a file of a shipped robot description. */
export const MediaRefSchema = z.discriminatedUnion('kind', [
  /**
   * A workspace blob. `ext` only names the format for loaders that look at the URL (a robot's URDF
   * names its meshes `<hash>.<ext>`); the blob's type comes from the catalog.
   */
  z.object({
    kind: z.literal('blob'),
    hash: Hash,
    ext: z
      .string()
      .regex(/^[a-z0-9]{1,8}$/)
      .optional(),
  }),
  /** A file under `resources/robots/`, such as `so101/so101_new_calib.urdf`. */
  z.object({ kind: z.literal('robotAsset'), path: z.string().min(1).max(500) }),
  /**
   * A stream's video as viewers and exports show it: the newest redacted copy of the video blob
   * `hash` when there is one, else the blob itself (`blob` always serves the original, for review).
   */
  z.object({ kind: z.literal('video'), hash: Hash }),
]);
export type MediaRef = z.infer<typeof MediaRefSchema>;

export const blobRef = (hash: string, ext?: string): MediaRef => ({ kind: 'blob', hash, ext });
export const robotAssetRef = (path: string): MediaRef => ({ kind: 'robotAsset', path });
export const videoRef = (hash: string): MediaRef => ({ kind: 'video', hash });

/** The route path of a media ref, below the host's media prefix. */
export function mediaPath(ref: MediaRef): string {
  if (ref.kind === 'blob') return `blob/${ref.hash}${ref.ext ? `.${ref.ext}` : ''}`;
  if (ref.kind === 'video') return `video/${ref.hash}`;
  return `robots/${ref.path
    .split('/')
    .map((p) => encodeURIComponent(p))
    .join('/')}`;
}

/** Parses a route path (`blob/<hash>[.ext]`, `video/<hash>`, `robots/<path>`) back into a ref; null when it is neither. */
export function parseMediaPath(routePath: string): MediaRef | null {
  const clean = routePath.replace(/^\/+/, '');
  const blob = /^blob\/([0-9a-f]{64})(?:\.([a-z0-9]{1,8}))?$/i.exec(clean);
  if (blob) return { kind: 'blob', hash: blob[1]!.toLowerCase(), ext: blob[2]?.toLowerCase() };
  const video = /^video\/([0-9a-f]{64})$/i.exec(clean);
  if (video) return { kind: 'video', hash: video[1]!.toLowerCase() };
  if (clean.startsWith('robots/')) {
    let path: string;
    try {
      path = decodeURIComponent(clean.slice('robots/'.length));
    } catch {
      return null;
    }
    return path ? { kind: 'robotAsset', path } : null;
  }
  return null;
}

/** Prefixes of the two hosts' media routes. */
export const WEB_MEDIA_PREFIX = '/media/';
export const ELECTRON_MEDIA_SCHEME = 'studio-media';
export const ELECTRON_MEDIA_PREFIX = `${ELECTRON_MEDIA_SCHEME}://media/`;
