import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WEB_LIMITS, startWebHost, type WebHost } from '../../src/host/webHost';
import { distPath } from '../../src/paths';
import { createServices, type StudioServices } from '../../src/service/services';
import { leaks, send, sendRaw } from '../helpers/webClient';
import { tempDir } from '../helpers/workspace';

// What the web host does with requests that are too large, too slow, or malformed: each answered
// with a status and a short JSON message, within seconds, and never with a path or a stack.

const MB = 1024 * 1024;
let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let web: WebHost;
let staging: string;

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
  staging = path.join(services.ws.dir, 'staging');
  // Batches left by earlier sessions: one staged two days ago, one an hour ago.
  const dayAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);
  for (const [batch, days] of [
    ['stale-batch-0001', 2],
    ['fresh-batch-0001', 1 / 24],
  ] as const) {
    mkdirSync(path.join(staging, batch), { recursive: true });
    writeFileSync(path.join(staging, batch, 'clip.mp4'), 'x');
    utimesSync(path.join(staging, batch, 'clip.mp4'), dayAgo(days), dayAgo(days));
    utimesSync(path.join(staging, batch), dayAgo(days), dayAgo(days));
  }
  web = await startWebHost(services, {
    appDir: distPath('app'),
    limits: { maxUploadBytes: MB, stallTimeoutMs: 1000 },
  });
});
afterAll(async () => {
  await web.close();
  await services.close();
  tmp.cleanup();
});

const token = () => ({ authorization: `Bearer ${web.token}` });
const json = () => ({ ...token(), 'content-type': 'application/json' });
const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const hostLine = () => `Host: ${new URL(web.url).host}`;
const errorOf = (body: Buffer) =>
  (JSON.parse(body.toString()) as { error: { code: string; message: string } }).error;

describe('request bodies', () => {
  it('answers an API body over 4 MiB with 413 and a JSON message, with or without a length', async () => {
    const big = JSON.stringify({ search: 'x'.repeat(5 * MB) });
    for (const body of [big, [big.slice(0, MB), big.slice(MB)]]) {
      const r = await send(web.url, 'POST', '/api/listEpisodes', { headers: json(), body });
      expect(r.status).toBe(413);
      expect(errorOf(r.body).message).toMatch(/4 MB/);
    }
  });

  it('refuses a declared length over the limit before reading the body', async () => {
    const r = await sendRaw(
      web.url,
      head([
        'POST /api/listDatasets HTTP/1.1',
        hostLine(),
        `Authorization: Bearer ${web.token}`,
        'Content-Length: 999999999',
      ]) + '{}',
    );
    expect(r.status).toBe(413);
    expect(r.ms).toBeLessThan(2000);
  });

  it('answers a body that stalls with 408 within the stall timeout and closes the socket', async () => {
    for (const target of ['/api/listDatasets', '/upload?name=stall.bin&batch=stall-batch-01']) {
      const method = target.startsWith('/api') ? 'POST' : 'PUT';
      const r = await sendRaw(
        web.url,
        head([
          `${method} ${target} HTTP/1.1`,
          hostLine(),
          `Authorization: Bearer ${web.token}`,
          'Content-Length: 100',
        ]) + '{}',
      );
      expect([r.status, r.closed]).toEqual([408, true]);
      expect(r.ms).toBeLessThan(3000);
    }
    expect(readdirSync(path.join(staging, 'stall-batch-01'))).toEqual([]);
  });

  it('answers headers that never end with 408', async () => {
    const r = await sendRaw(web.url, `GET / HTTP/1.1\r\n${hostLine()}\r\nX-Slow: 1\r\n`);
    expect([r.status, r.closed]).toEqual([408, true]);
    expect(r.ms).toBeLessThan(3500);
  });

  it('times out in seconds by default, not minutes', () => {
    expect(DEFAULT_WEB_LIMITS.stallTimeoutMs).toBeLessThanOrEqual(10_000);
    expect(web.server.headersTimeout).toBe(1000);
  });
});

describe('uploads', () => {
  it('refuses a file over the upload limit with 413 naming the limit, and keeps nothing of it', async () => {
    const over = Buffer.alloc(2 * MB, 1);
    const declared = await send(web.url, 'PUT', '/upload?name=big.bin&batch=limit-batch-01', {
      headers: token(),
      body: over,
    });
    const chunked = await send(web.url, 'PUT', '/upload?name=big.bin&batch=limit-batch-01', {
      headers: token(),
      body: [over.subarray(0, MB / 2), over.subarray(MB / 2)],
    });
    for (const r of [declared, chunked]) {
      expect(r.status).toBe(413);
      expect(errorOf(r.body).message).toMatch(/1 MB.*--max-upload-mb/);
    }
    expect(readdirSync(path.join(staging, 'limit-batch-01'))).toEqual([]);
    const under = await send(web.url, 'PUT', '/upload?name=small.bin&batch=limit-batch-01', {
      headers: token(),
      body: Buffer.alloc(MB, 1),
    });
    expect(under.status).toBe(200);
  });

  it('lets an aborted upload be retried, and leaves no partial file', async () => {
    const target = '/upload?name=retry.mp4&batch=retry-batch-01';
    await new Promise<void>((resolve) => {
      const req = request(web.url + target, {
        method: 'PUT',
        headers: { ...token(), 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(500, 7), () => setTimeout(() => req.destroy(), 100));
    });
    await vi.waitFor(() => expect(readdirSync(path.join(staging, 'retry-batch-01'))).toEqual([]));
    const retry = await send(web.url, 'PUT', target, { headers: token(), body: Buffer.alloc(1000, 7) });
    expect(retry.status).toBe(200);
    expect(readdirSync(path.join(staging, 'retry-batch-01'))).toEqual(['retry.mp4']);
    // A finished file keeps its name: the same name again in the same batch is a conflict.
    const again = await send(web.url, 'PUT', target, { headers: token(), body: 'x' });
    expect(again.status).toBe(409);
    expect(leaks(again.body, [services.ws.dir])).toBeNull();
  });

  it('refuses an over-long file name with 400, without echoing it or showing a path', async () => {
    const r = await send(web.url, 'PUT', `/upload?name=${'n'.repeat(300)}.mp4&batch=long-batch-01`, {
      headers: token(),
      body: 'x',
    });
    expect(r.status).toBe(400);
    expect(r.body.length).toBeLessThan(400);
    expect(leaks(r.body, [services.ws.dir])).toBeNull();
  });

  it('removes staged batches older than a day when the host starts', () => {
    expect(existsSync(path.join(staging, 'stale-batch-0001'))).toBe(false);
    expect(existsSync(path.join(staging, 'fresh-batch-0001', 'clip.mp4'))).toBe(true);
  });
});

describe('malformed requests and long inputs', () => {
  it('answers an undecodable path with 400', async () => {
    for (const target of ['/%', '/media/robots/%', '/%E0%A4%A']) {
      const r = await send(web.url, 'GET', target, { headers: token() });
      expect([target, r.status]).toEqual([target, 400]);
    }
  });

  it('refuses over-long ids by their schema and never echoes more than a short prefix', async () => {
    const id = 'x'.repeat(3 * MB);
    const r = await send(web.url, 'POST', '/api/getEpisode', {
      headers: json(),
      body: JSON.stringify({ id }),
    });
    expect(r.status).toBe(400);
    expect(r.body.length).toBeLessThan(1000);
    const call = await send(web.url, 'POST', `/api/${'y'.repeat(8000)}`, { headers: json(), body: '{}' });
    expect(call.status).toBe(404);
    expect(call.body.length).toBeLessThan(400);
  });

  it('turns an unexpected error into a 500 that shows neither paths nor a stack', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const original = services.handlers.listDatasets;
    services.handlers.listDatasets = () => {
      throw new Error(`EACCES: permission denied, open '${path.join(services.ws.dir, 'studio.db')}'`);
    };
    try {
      const r = await send(web.url, 'POST', '/api/listDatasets', { headers: json(), body: '{}' });
      expect(r.status).toBe(500);
      expect(errorOf(r.body).code).toBe('internal');
      expect(leaks(r.body, [services.ws.dir])).toBeNull();
      expect(logged).toHaveBeenCalled();
    } finally {
      services.handlers.listDatasets = original;
    }
  });
});
