import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { MediaFile } from './mediaRoutes';
import { closeIfBodyUnread } from './requestBody';

/** Parses a single `bytes=a-b` range; multi-range requests are answered with the whole file. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a, b] = m;
  let start: number;
  let end: number;
  if (a === '') {
    if (b === '') return 'invalid';
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/**
 * What to answer for a media file: status, headers and the byte window to stream (none for HEAD,
 * 416 and empty files). Both hosts write this plan with their own transport, so ranges (video
 * seeking needs 206 replies) and headers are decided once.
 */
export interface FileReply {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  body: { start: number; end: number } | null;
}

export function fileReply(
  file: string,
  mime: string,
  rangeHeader: string | undefined,
  head: boolean,
  version?: string,
): FileReply {
  const size = statSync(file).size;
  const range = parseRange(rangeHeader, size);
  const headers: Record<string, string> = {
    'content-type': mime,
    'accept-ranges': 'bytes',
    // A route named by a content hash never changes; one that can (`version`) is asked again.
    'cache-control': version === undefined ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    ...(version === undefined ? {} : { etag: `"${version}"` }),
    'x-content-type-options': 'nosniff',
  };
  if (range === 'invalid')
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: null };
  const { start, end } = range ?? { start: 0, end: size - 1 };
  return {
    status: range ? 206 : 200,
    headers: {
      ...headers,
      'content-length': String(end - start + 1),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    },
    body: head || size === 0 ? null : { start, end },
  };
}

/** Writes a media file to a Node HTTP response (the web host's transport). */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  { file, mime, version }: MediaFile,
): void {
  const reply = fileReply(file, mime, req.headers.range, req.method === 'HEAD', version);
  res.writeHead(reply.status, { ...reply.headers, ...closeIfBodyUnread(req) });
  if (!reply.body) {
    res.end();
    return;
  }
  // A player that seeks drops its request mid-file: that is not an error worth reporting.
  pipeline(createReadStream(file, reply.body), res, () => undefined);
}
