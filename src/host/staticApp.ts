import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
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

/**
 * Serves the built renderer: a file of `appDir` by its decoded path, else index.html (the app
 * routes by hash, so any other path is the app's start).
 */
export function serveApp(
  req: IncomingMessage,
  res: ServerResponse,
  appDir: string,
  decodedPath: string,
  extraHeaders: Record<string, string> = {},
): void {
  const root = path.resolve(appDir);
  const file = path.resolve(root, decodedPath.replace(/^[\\/]+/, '') || 'index.html');
  const inside = file.startsWith(root + path.sep);
  const target = inside && existsSync(file) && statSync(file).isFile() ? file : path.join(root, 'index.html');
  if (!existsSync(target)) {
    res
      .writeHead(500, { 'content-type': 'text/plain' })
      .end('The studio UI is not built: run `npm run build`.');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    ...extraHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(target));
}
