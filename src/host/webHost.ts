import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { dispatch, isCallName, StudioError, WEB_MEDIA_PREFIX } from '../common/api';
import { writeStreamToFile } from '../workspace/blobs';
import type { StudioServices } from '../service/services';
import { sendFile } from './media';
import { createMediaResolver } from './mediaRoutes';

export interface WebHostOptions {
  port?: number;
  /** Loopback unless the user asks otherwise. */
  host?: string;
  /** The built renderer (dist/app). */
  appDir: string;
  token?: string;
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
const MAX_JSON = 4 * 1024 * 1024;
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};
const CSP =
  "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Serves the API contract over HTTP (`POST /api/<name>`), events over SSE, media with ranges and the app. */
export async function startWebHost(services: StudioServices, opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const bindHost = opts.host ?? '127.0.0.1';
  const resolveMedia = createMediaResolver(services.ws);
  const stagingDir = path.join(services.ws.dir, 'staging');
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

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'internal', message: (e as Error).message } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!sameOrigin(req)) {
      sendJson(res, 403, { error: { code: 'forbidden', message: 'request from another origin or host' } });
      return;
    }
    if (
      url.pathname.startsWith('/api/') ||
      url.pathname.startsWith(WEB_MEDIA_PREFIX) ||
      url.pathname === '/upload'
    ) {
      if (!authorized(req)) {
        sendJson(res, 401, {
          error: {
            code: 'unauthorized',
            message: 'missing or wrong token: open the URL that `mimic serve` printed',
          },
        });
        return;
      }
    }
    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname.slice(5));
    if (url.pathname.startsWith(WEB_MEDIA_PREFIX))
      return media(req, res, url.pathname.slice(WEB_MEDIA_PREFIX.length));
    if (url.pathname === '/upload' && req.method === 'PUT') return upload(req, res, url);
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(req, res, url);
    sendJson(res, 405, { error: { code: 'bad_input', message: `${req.method} not allowed` } });
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: { code: 'bad_input', message: 'use POST' } });
      return;
    }
    if (!isCallName(name)) {
      sendJson(res, 404, { error: { code: 'not_found', message: `no call named ${name}` } });
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req, MAX_JSON);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (e) {
      sendJson(res, 400, { error: { code: 'bad_input', message: `request body: ${(e as Error).message}` } });
      return;
    }
    try {
      sendJson(res, 200, await dispatch(services.handlers, name, input));
    } catch (e) {
      if (e instanceof StudioError) {
        const status = { bad_input: 400, not_found: 404, conflict: 409, unavailable: 503, internal: 500 }[
          e.code
        ];
        sendJson(res, status, { error: { code: e.code, message: e.message } });
      } else throw e;
    }
  }

  // Blobs and robot assets, by the media routes of the contract (`/media/blob/<hash>`, `/media/robots/…`).
  function media(req: IncomingMessage, res: ServerResponse, routePath: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'bad_input', message: 'use GET' } });
      return;
    }
    const found = resolveMedia(routePath);
    if (!found) {
      sendJson(res, 404, { error: { code: 'not_found', message: 'no such media' } });
      return;
    }
    sendFile(req, res, found);
  }

  // Browsers cannot hand over file paths: uploaded files are staged in the workspace, then imported.
  // Files of one batch share a folder, so a video and its teleop log stay siblings.
  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name = path.basename(url.searchParams.get('name') ?? '');
    const batch = url.searchParams.get('batch') ?? randomBytes(8).toString('hex');
    if (!name || name.startsWith('.') || /[\\/\0]/.test(name) || !/^[A-Za-z0-9-]{8,64}$/.test(batch)) {
      sendJson(res, 400, {
        error: {
          code: 'bad_input',
          message: 'upload needs ?name=<file name>&batch=<8-64 letters, digits, dashes>',
        },
      });
      return;
    }
    const dir = path.join(stagingDir, batch);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    try {
      await writeStreamToFile(req, file);
    } catch (e) {
      const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
      sendJson(res, exists ? 409 : 500, {
        error: { code: exists ? 'conflict' : 'internal', message: `${name}: ${(e as Error).message}` },
      });
      return;
    }
    sendJson(res, 200, { path: file });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const given = url.searchParams.get('token');
    const setCookie =
      given && safeEqual(given, token) ? `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` : undefined;
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(opts.appDir, rel);
    const inside = file.startsWith(path.resolve(opts.appDir) + path.sep);
    const target =
      inside && existsSync(file) && statSync(file).isFile() ? file : path.join(opts.appDir, 'index.html');
    if (!existsSync(target)) {
      res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end('The studio UI is not built: run `npm run build`.');
      return;
    }
    const type = STATIC_TYPES[path.extname(target)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
      ...(setCookie ? { 'set-cookie': setCookie } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(target));
  }

  // Events go over a WebSocket: unlike a never-ending SSE response it does not count as a pending
  // page load, so headless captures of the studio settle.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== '/api/events' || !sameOrigin(req) || !authorized(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const off = services.events.on((name, payload) => ws.send(JSON.stringify({ name, payload })));
      ws.on('close', off);
      ws.on('error', off);
    });
  });

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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`larger than ${limit} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
