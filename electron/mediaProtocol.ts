import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { mediaHash, parseRange } from '../src/host/media';
import { resolveRobotAsset } from '../src/host/robotAssets';
import type { StudioServices } from '../src/index';

export const MEDIA_SCHEME = 'studio-media';

/** Must run before the app is ready. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
    },
  ]);
}

/**
 * `studio-media://blob/<sha256>` serves workspace blobs with range support. Only catalogued blob
 * hashes resolve, so no path from the renderer ever reaches the file system.
 */
export function handleMediaProtocol(
  services: StudioServices,
  mimeOf: (hash: string) => string | undefined,
): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    const hash = mediaHash(url.pathname.replace(/^\/+/, ''));
    // `studio-media://robots/<robot>/<file>`: the shipped robot descriptions and meshes.
    const robot = url.host === 'robots' ? resolveRobotAsset(url.pathname) : null;
    if (robot) return fileResponse(robot.file, robot.mime, request.headers.get('range'));
    const mime = url.host === 'blob' && /^[0-9a-f]{64}$/.test(hash) ? mimeOf(hash) : undefined;
    if (!mime || !services.ws.blobs.has(hash)) return new Response('not found', { status: 404 });
    return fileResponse(services.ws.blobs.pathOf(hash), mime, request.headers.get('range'));
  });
}

function fileResponse(file: string, mime: string, rangeHeader: string | null): Response {
  const size = statSync(file).size;
  const range = parseRange(rangeHeader ?? undefined, size);
  if (range === 'invalid')
    return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const body = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: range ? 206 : 200,
    headers: {
      'content-type': mime,
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    },
  });
}
