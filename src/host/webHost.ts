import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { dispatch, isCallName, WEB_MEDIA_PREFIX } from '../common/api';
import { packageRoot } from '../paths';
import type { StudioServices } from '../service/services';
import { ClientGone, errorReply, HttpError, preview } from './httpErrors';
import { DEFAULT_WEB_LIMITS, formatMb, STAGING_MAX_AGE_MS, type WebHostLimits } from './limits';
import { sendFile } from './media';
import { createMediaResolver } from './mediaRoutes';
import { closeIfBodyUnread, readBody, type BodyLimits } from './requestBody';
import { Staging } from './staging';
import { serveApp } from './staticApp';

export { DEFAULT_WEB_LIMITS, type WebHostLimits } from './limits';

export interface WebHostOptions {
  port?: number;
  /** Loopback unless the user asks otherwise. */
  host?: string;
  /** The built renderer (dist/app). */
  appDir: string;
  token?: string;
  /** Size and time limits of a request; those left out take DEFAULT_WEB_LIMITS. */
  limits?: Partial<WebHostLimits>;
}

export interface WebHost {
  server: Server;
  url: string;
  /** The URL with the token, to open in a browser. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'mimic_token';
const PROTECTED = ['/api/', WEB_MEDIA_PREFIX, '/upload'];

/**
 * Serves the API contract over HTTP (`POST /api/<name>`), events over a WebSocket, media with
 * ranges, uploads into the workspace's staging folder, and the app. Every refusal and failure
 * becomes a JSON reply in one place (`errorReply`), which keeps server paths and stacks out.
 */
export async function startWebHost(services: StudioServices, opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const bindHost = opts.host ?? '127.0.0.1';
  const limits: WebHostLimits = { ...DEFAULT_WEB_LIMITS, ...opts.limits };
  const resolveMedia = createMediaResolver(services.ws);
  const staging = new Staging(path.join(services.ws.dir, 'staging'));
  staging.clean(STAGING_MAX_AGE_MS);
  // Folders whose names an error message must not show.
  const serverRoots = [services.ws.dir, packageRoot(), path.resolve(opts.appDir), os.tmpdir(), os.homedir()];
  const jsonBody: BodyLimits = {
    maxBytes: limits.maxJsonBytes,
    stallMs: limits.stallTimeoutMs,
    tooLarge: `the body of an API call is at most ${formatMb(limits.maxJsonBytes)}`,
  };
  const uploadBody: BodyLimits = {
    maxBytes: limits.maxUploadBytes,
    stallMs: limits.stallTimeoutMs,
    tooLarge:
      `the file is larger than this studio's upload limit of ${formatMb(limits.maxUploadBytes)} ` +
      '(set by `mimic serve --max-upload-mb` or MIMIC_MAX_UPLOAD_MB)',
  };
  let port = 0;

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const cookie = parseCookies(req.headers.cookie)[COOKIE];
    return [header, cookie].some((t) => t !== undefined && safeEqual(t, token));
  };
  // Refuse requests whose Host is not this server (DNS rebinding) and cross-site writes.
  const sameOrigin = (req: IncomingMessage): boolean => {
    const hostHeader = req.headers.host ?? '';
    const okHosts = new Set([
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `${bindHost}:${port}`,
    ]);
    if (!okHosts.has(hostHeader)) return false;
    const origin = req.headers.origin;
    return !origin || origin === `http://${hostHeader}`;
  };

  const server = createServer(
    {
      headersTimeout: limits.stallTimeoutMs,
      // Uploading a long recording takes minutes: a body is timed by its pauses instead (requestBody.ts).
      requestTimeout: 0,
      connectionsCheckingInterval: Math.min(1000, limits.stallTimeoutMs / 2),
    },
    (req, res) => {
      handle(req, res).catch((e: unknown) => replyError(req, res, e));
    },
  );

  function replyError(req: IncomingMessage, res: ServerResponse, e: unknown): void {
    if (e instanceof ClientGone) {
      res.destroy();
      return;
    }
    const reply = errorReply(e, serverRoots);
    if (reply.unexpected) console.error(`web host: ${req.method} ${preview(req.url ?? '', 100)}:`, e);
    if (res.headersSent) res.destroy();
    else sendJson(res, reply.status, reply.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameOrigin(req)) throw new HttpError(403, 'forbidden', 'request from another origin or host');
    const { url, decodedPath } = requestTarget(req);
    if (PROTECTED.some((p) => url.pathname.startsWith(p)) && !authorized(req)) {
      throw new HttpError(
        401,
        'unauthorized',
        'missing or wrong token: open the URL that `mimic serve` printed',
      );
    }
    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname.slice('/api/'.length));
    if (url.pathname.startsWith(WEB_MEDIA_PREFIX))
      return media(req, res, url.pathname.slice(WEB_MEDIA_PREFIX.length));
    if (url.pathname === '/upload') return upload(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed('GET');
    const given = url.searchParams.get('token');
    const setCookie =
      given && safeEqual(given, token) ? `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` : undefined;
    serveApp(req, res, opts.appDir, decodedPath, {
      ...closeIfBodyUnread(req),
      ...(setCookie ? { 'set-cookie': setCookie } : {}),
    });
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') throw methodNotAllowed('POST');
    if (!isCallName(name)) throw new HttpError(404, 'not_found', `no call named ${preview(name)}`);
    const body = await readBody(req, jsonBody);
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      throw new HttpError(400, 'bad_input', `${name}: the request body is not JSON`);
    }
    sendJson(res, 200, await dispatch(services.handlers, name, input));
  }

  // Blobs and robot assets, by the media routes of the contract (`/media/blob/<hash>`, `/media/robots/…`).
  function media(req: IncomingMessage, res: ServerResponse, routePath: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed('GET');
    const found = resolveMedia(routePath);
    if (!found) throw new HttpError(404, 'not_found', 'no such media');
    try {
      sendFile(req, res, found);
    } catch (e) {
      // Removed between the lookup and the read (a blob collected meanwhile).
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new HttpError(404, 'not_found', 'no such media');
      throw e;
    }
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'PUT') throw methodNotAllowed('PUT');
    const q = url.searchParams;
    const given = { name: q.get('name'), relpath: q.get('relpath'), batch: q.get('batch') };
    const staged = await staging.put(req, given, uploadBody);
    // `dir` is the batch's folder: a client that staged a picked folder imports it whole.
    sendJson(res, 200, { path: staged.path, dir: staged.batchDir });
  }

  // Events go over a WebSocket: unlike a never-ending SSE response it does not count as a pending
  // page load, so headless captures of the studio settle.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = upgradeRefusal(req);
    if (refusal) {
      const { status, body } = errorReply(refusal, serverRoots);
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const off = services.events.on((name, payload) => ws.send(JSON.stringify({ name, payload })));
      ws.on('close', off);
      ws.on('error', off);
    });
  });
  function upgradeRefusal(req: IncomingMessage): HttpError | null {
    if (!sameOrigin(req)) return new HttpError(403, 'forbidden', 'request from another origin or host');
    let pathname: string;
    try {
      pathname = requestTarget(req).url.pathname;
    } catch (e) {
      return e as HttpError;
    }
    if (pathname !== '/api/events') return new HttpError(404, 'not_found', 'the event socket is /api/events');
    if (!authorized(req)) return new HttpError(401, 'unauthorized', 'missing or wrong token');
    return null;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}`;
  return {
    server,
    url,
    openUrl: `${url}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The parsed URL of a request and its decoded path; a 400 when the path is not valid
 * percent-encoding, holds a NUL, or names a `..` segment once decoded.
 */
function requestTarget(req: IncomingMessage): { url: URL; decodedPath: string } {
  const raw = req.url ?? '/';
  if (!raw.startsWith('/')) throw new HttpError(400, 'bad_input', 'the request target is not a path');
  let url: URL;
  let decodedPath: string;
  try {
    url = new URL(`http://local${raw}`);
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    throw new HttpError(400, 'bad_input', 'the path is not valid percent-encoding');
  }
  if (decodedPath.includes('\0') || decodedPath.split(/[\\/]/).includes('..'))
    throw new HttpError(400, 'bad_input', 'the path holds a NUL or a .. segment');
  return { url, decodedPath };
}

const methodNotAllowed = (use: string) => new HttpError(405, 'bad_input', `use ${use}`);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(text)),
      ...closeIfBodyUnread(res.req),
    })
    .end(text);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
