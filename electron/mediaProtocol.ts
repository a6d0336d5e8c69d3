import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { ELECTRON_MEDIA_SCHEME } from '../src/common/api';
import { fileReply, type FileReply } from '../src/host/media';
import type { MediaResolver } from '../src/host/mediaRoutes';

/** Must run before the app is ready. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: ELECTRON_MEDIA_SCHEME,
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
    },
  ]);
}

/**
 * `studio-media://media/<route>` serves the contract's media routes (`blob/<hash>`, `robots/…`)
 * through the same resolver and range replies as the web host's `/media/<route>`.
 */
export function handleMediaProtocol(resolve: MediaResolver): void {
  protocol.handle(ELECTRON_MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    const found = url.host === 'media' ? resolve(url.pathname) : null;
    if (!found) return new Response('not found', { status: 404 });
    let reply: FileReply;
    try {
      reply = fileReply(
        found.file,
        found.mime,
        request.headers.get('range') ?? undefined,
        request.method === 'HEAD',
        found.version,
      );
    } catch {
      // Removed between the lookup and the read (a blob collected meanwhile).
      return new Response('not found', { status: 404 });
    }
    const body = reply.body
      ? (Readable.toWeb(createReadStream(found.file, reply.body)) as ReadableStream<Uint8Array>)
      : null;
    return new Response(body, { status: reply.status, headers: reply.headers });
  });
}
