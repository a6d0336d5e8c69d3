import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWebHost, type WebHost } from '../../src/host/webHost';
import { distPath, packageRoot } from '../../src/paths';
import { createServices, type StudioServices } from '../../src/service/services';
import { leaks, send, sendRaw } from '../helpers/webClient';
import { tempDir } from '../helpers/workspace';

// Hostile and broken requests against a real web host. Each case names the status it must get;
// no reply may show a server path or a stack, and none may hold the socket for more than seconds.

const MB = 1024 * 1024;
const STALL_MS = 1000;
let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let web: WebHost;

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
  web = await startWebHost(services, {
    appDir: distPath('app'),
    limits: { maxUploadBytes: MB, stallTimeoutMs: STALL_MS },
  });
});
afterAll(async () => {
  await web.close();
  await services.close();
  tmp.cleanup();
});

interface Outcome {
  status: number | null;
  body: string;
  ms: number;
}
interface Case {
  name: string;
  run: () => Promise<Outcome>;
  status: number;
  /** Further checks of the reply body. */
  check?: (body: string) => void;
}

const hostName = () => new URL(web.url).host;
const bearer = () => ({ authorization: `Bearer ${web.token}` });
const jsonHeaders = () => ({ ...bearer(), 'content-type': 'application/json' });

/** A request through Node's HTTP client; `token: false` leaves the token out. */
const http =
  (
    method: string,
    target: string,
    opts: { token?: boolean; headers?: Record<string, string>; body?: string | Buffer } = {},
  ) =>
  async (): Promise<Outcome> => {
    const headers = { ...(opts.token === false ? {} : jsonHeaders()), ...opts.headers };
    const r = await send(web.url, method, target, { headers, body: opts.body });
    return { status: r.status, body: r.body.toString(), ms: r.ms };
  };
const call = (name: string, input: unknown) => http('POST', `/api/${name}`, { body: JSON.stringify(input) });

/** Bytes written to the socket as they are; `head` lines get the Host and token unless given. */
const raw =
  (head: string[], rest = '', opts: { host?: boolean; token?: boolean; complete?: boolean } = {}) =>
  async (): Promise<Outcome> => {
    const lines = [
      ...head,
      ...(opts.host === false ? [] : [`Host: ${hostName()}`]),
      ...(opts.token === false ? [] : [`Authorization: Bearer ${web.token}`]),
    ];
    const text = lines.join('\r\n') + (opts.complete === false ? '\r\n' : '\r\n\r\n') + rest;
    const r = await sendRaw(web.url, text, { waitMs: 4 * STALL_MS + 2000, untilReply: true });
    return { status: r.status, body: r.text, ms: r.ms };
  };

/** A WebSocket upgrade: 101 when it opens, else the status of the refusal. */
const upgrade = (target: string, headers: Record<string, string>) => () =>
  new Promise<Outcome>((resolve) => {
    const started = Date.now();
    const socket = new WebSocket(web.url.replace('http', 'ws') + target, { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, body: '', ms: Date.now() - started });
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
    });
    socket.once('error', () => undefined);
  });

const notPackageJson = (body: string) => expect(body).not.toMatch(/"name": "mimic-studio"/);
const short = (body: string) => expect(body.length).toBeLessThan(600);
const stagedInside = (batch: string) => (body: string) => {
  const staged = (JSON.parse(body) as { path: string }).path;
  expect(path.dirname(staged)).toBe(path.join(services.ws.dir, 'staging', batch));
};
const stagedAt = (batch: string, relpath: string) => (body: string) => {
  const staged = JSON.parse(body) as { path: string; dir: string };
  expect(staged.path).toBe(path.join(services.ws.dir, 'staging', batch, ...relpath.split('/')));
  expect(staged.dir).toBe(path.join(services.ws.dir, 'staging', batch));
};
const upload = (query: string, body: string | Buffer = 'x', token = true) =>
  http('PUT', `/upload?${query}`, { token, body, headers: { 'content-type': 'application/octet-stream' } });
const hash = 'ab'.repeat(32);

const cases: Case[] = [
  // The token.
  {
    name: 'API call without a token',
    run: http('POST', '/api/listDatasets', { token: false, body: '{}' }),
    status: 401,
  },
  {
    name: 'API call with a wrong token',
    run: http('POST', '/api/listDatasets', {
      token: false,
      headers: { authorization: 'Bearer nope' },
      body: '{}',
    }),
    status: 401,
  },
  {
    name: 'API call with a wrong cookie',
    run: http('POST', '/api/listDatasets', {
      token: false,
      headers: { cookie: 'mimic_token=nope' },
      body: '{}',
    }),
    status: 401,
  },
  {
    name: 'API call with the token in the query only',
    run: async () => http('POST', `/api/listDatasets?token=${web.token}`, { token: false, body: '{}' })(),
    status: 401,
  },
  { name: 'media without a token', run: http('GET', `/media/blob/${hash}`, { token: false }), status: 401 },
  {
    name: 'robot asset without a token',
    run: http('GET', '/media/robots/so101/so101_new_calib.urdf', { token: false }),
    status: 401,
  },
  { name: 'upload without a token', run: upload('name=a.mp4', 'x', false), status: 401 },

  // DNS rebinding and cross-site requests.
  {
    name: 'a foreign Host',
    run: raw(['GET / HTTP/1.1', 'Host: evil.example'], '', { host: false }),
    status: 403,
  },
  {
    name: 'a foreign Host on our port',
    run: async () =>
      raw(['GET /api/listDatasets HTTP/1.1', `Host: evil.example:${new URL(web.url).port}`], '', {
        host: false,
      })(),
    status: 403,
  },
  { name: 'no Host at all (HTTP/1.0)', run: raw(['GET / HTTP/1.0'], '', { host: false }), status: 403 },
  {
    name: 'a foreign Origin with the token',
    run: http('POST', '/api/listDatasets', { headers: { origin: 'http://evil.example' }, body: '{}' }),
    status: 403,
  },
  {
    name: 'Origin: null',
    run: http('POST', '/api/listDatasets', { headers: { origin: 'null' }, body: '{}' }),
    status: 403,
  },
  {
    name: 'an https Origin of our host',
    run: async () =>
      http('POST', '/api/listDatasets', { headers: { origin: `https://${hostName()}` }, body: '{}' })(),
    status: 403,
  },

  // The event socket.
  { name: 'WebSocket with the token', run: async () => upgrade('/api/events', bearer())(), status: 101 },
  { name: 'WebSocket without a token', run: upgrade('/api/events', {}), status: 401 },
  {
    name: 'WebSocket from a foreign origin',
    run: async () => upgrade('/api/events', { ...bearer(), origin: 'http://evil.example' })(),
    status: 403,
  },
  {
    name: 'WebSocket with a foreign Host',
    run: async () => upgrade('/api/events', { ...bearer(), host: 'evil.example' })(),
    status: 403,
  },
  {
    name: 'WebSocket on another path',
    run: async () => upgrade('/api/listDatasets', bearer())(),
    status: 404,
  },
  { name: 'WebSocket on an undecodable path', run: async () => upgrade('/%', bearer())(), status: 400 },

  // Leaving the app folder.
  { name: 'static ..%2f', run: http('GET', '/..%2f..%2fpackage.json'), status: 400 },
  {
    name: 'static %2e%2e (folded by the URL parser)',
    run: http('GET', '/%2e%2e/%2e%2e/package.json'),
    status: 200,
    check: notPackageJson,
  },
  {
    name: 'static double-encoded',
    run: http('GET', '/%252e%252e%252f%252e%252e%252fpackage.json'),
    status: 200,
    check: notPackageJson,
  },
  {
    name: 'static raw backslashes',
    run: raw(['GET /..\\..\\package.json HTTP/1.1']),
    status: 200,
    check: notPackageJson,
  },
  { name: 'static encoded backslashes', run: http('GET', '/%5c..%5c..%5cpackage.json'), status: 400 },
  { name: 'static NUL', run: http('GET', '/index.html%00.js'), status: 400 },
  {
    name: 'static into src',
    run: http('GET', '/assets/..%2f..%2f..%2fsrc%2fhost%2fwebHost.ts'),
    status: 400,
  },
  {
    name: 'static absolute path',
    run: http('GET', '/%2fetc%2fpasswd'),
    status: 200,
    check: (b) => expect(b).not.toMatch(/root:/),
  },

  // Leaving the media routes.
  { name: 'media ..%2f', run: http('GET', '/media/robots/..%2f..%2fpackage.json'), status: 400 },
  {
    name: 'media %2e%2e',
    run: http('GET', '/media/robots/so101/%2e%2e/%2e%2e/%2e%2e/package.json'),
    status: 200,
    check: notPackageJson,
  },
  {
    name: 'media double-encoded',
    run: http('GET', '/media/robots/%252e%252e%252f%252e%252e%252fpackage.json'),
    status: 404,
  },
  {
    name: 'media encoded backslashes',
    run: http('GET', '/media/robots/..%5c..%5cpackage.json'),
    status: 400,
  },
  { name: 'media NUL', run: http('GET', '/media/robots/so101/so101_new_calib.urdf%00.stl'), status: 400 },
  { name: 'media absolute robot path', run: http('GET', '/media/robots/%2fetc%2fpasswd'), status: 404 },
  {
    name: 'media robot file of another type',
    run: http('GET', '/media/robots/so101/README.md'),
    status: 404,
  },
  { name: 'media blob named by a path', run: http('GET', '/media/blob/..%2fstudio.db'), status: 400 },
  { name: 'media blob not in the catalog', run: http('GET', `/media/blob/${hash}`), status: 404 },
  {
    name: 'media blob with a long ext',
    run: http('GET', `/media/blob/${hash}.${'x'.repeat(40)}`),
    status: 404,
  },
  { name: 'media of an unknown kind', run: http('GET', '/media/exports/x.mp4'), status: 404 },

  // Leaving the staging folder.
  { name: 'upload name with ../', run: upload('name=..%2f..%2fevil.sh&batch=fuzz-batch-01'), status: 400 },
  {
    name: 'upload name with backslashes',
    run: upload('name=..%5c..%5cevil.sh&batch=fuzz-batch-01'),
    status: 400,
  },
  { name: 'upload name with a NUL', run: upload('name=evil%00.sh&batch=fuzz-batch-01'), status: 400 },
  { name: 'upload name ..', run: upload('name=..&batch=fuzz-batch-01'), status: 400 },
  { name: 'upload name absolute', run: upload('name=%2fetc%2fcron.d%2fx&batch=fuzz-batch-01'), status: 400 },
  {
    name: 'upload name double-encoded (stays a plain name)',
    run: upload('name=%252e%252e%252fevil.sh&batch=fuzz-batch-01'),
    status: 200,
    check: stagedInside('fuzz-batch-01'),
  },
  { name: 'upload batch ../..', run: upload('name=a.mp4&batch=..%2f..'), status: 400 },
  { name: 'upload batch absolute', run: upload('name=a.mp4&batch=%2ftmp%2fxxxxxxxx'), status: 400 },
  {
    name: 'upload name of 300 characters',
    run: upload(`name=${'n'.repeat(300)}.mp4&batch=fuzz-batch-01`),
    status: 400,
    check: short,
  },

  // A relative path inside the batch: plain names only.
  {
    name: 'upload relpath with ../',
    run: upload('relpath=..%2f..%2fevil.sh&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath with .. inside',
    run: upload('relpath=a%2f..%2f..%2f..%2fevil.sh&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath with a . segment',
    run: upload('relpath=a%2f.%2fb.mp4&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath absolute',
    run: upload('relpath=%2fetc%2fcron.d%2fx&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath with backslashes',
    run: upload('relpath=a%5c..%5c..%5cevil.sh&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath with a drive',
    run: upload('relpath=C%3a%5cevil.sh&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath with an empty segment',
    run: upload('relpath=a%2f%2fb.mp4&batch=fuzz-batch-04'),
    status: 400,
  },
  { name: 'upload relpath ending in /', run: upload('relpath=a%2fb%2f&batch=fuzz-batch-04'), status: 400 },
  { name: 'upload relpath empty', run: upload('relpath=&batch=fuzz-batch-04'), status: 400 },
  {
    name: 'upload relpath with a NUL',
    run: upload('relpath=a%2fevil%00.sh&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath with a hidden folder',
    run: upload('relpath=.git%2fconfig&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath 17 folders deep',
    run: upload(`relpath=${'d%2f'.repeat(16)}x.mp4&batch=fuzz-batch-04`),
    status: 400,
  },
  {
    name: 'upload relpath of 2,000 bytes',
    run: upload(`relpath=${'d'.repeat(150)}%2f${'e'.repeat(1850)}&batch=fuzz-batch-04`),
    status: 400,
    check: short,
  },
  {
    name: 'upload relpath whose name differs from name',
    run: upload('relpath=a%2fb.mp4&name=c.mp4&batch=fuzz-batch-04'),
    status: 400,
  },
  {
    name: 'upload relpath double-encoded (stays plain names)',
    run: upload('relpath=a%2f%252e%252e%252fevil.sh&batch=fuzz-batch-04'),
    status: 200,
    check: stagedAt('fuzz-batch-04', 'a/%2e%2e%2fevil.sh'),
  },
  {
    name: 'upload relpath in folders',
    run: upload('relpath=deep%2fer%2fone.mp4&batch=fuzz-batch-04'),
    status: 200,
    check: stagedAt('fuzz-batch-04', 'deep/er/one.mp4'),
  },
  {
    name: 'upload relpath under a staged file',
    run: upload('relpath=deep%2fer%2fone.mp4%2fx&batch=fuzz-batch-04'),
    status: 409,
  },
  { name: 'upload name of a staged folder', run: upload('name=deep&batch=fuzz-batch-04'), status: 409 },
  {
    name: 'upload relpath staged twice',
    run: upload('relpath=deep%2fer%2fone.mp4&batch=fuzz-batch-04'),
    status: 409,
  },

  // Too large.
  { name: 'API body of 5 MB', run: call('listEpisodes', { search: 'x'.repeat(5 * MB) }), status: 413 },
  {
    name: 'API body declared as 999999999 bytes',
    run: raw(['POST /api/listDatasets HTTP/1.1', 'Content-Length: 999999999'], '{}'),
    status: 413,
  },
  {
    name: 'upload over the limit',
    run: upload('name=big.bin&batch=fuzz-batch-02', Buffer.alloc(MB + 1)),
    status: 413,
  },
  {
    name: 'upload declared as 999999999 bytes',
    run: raw(['PUT /upload?name=big.bin&batch=fuzz-batch-02 HTTP/1.1', 'Content-Length: 999999999'], 'ab'),
    status: 413,
  },
  { name: 'a 20 KB URL', run: http('GET', `/?q=${'q'.repeat(20_000)}`), status: 431 },
  {
    name: 'a 20 KB header',
    run: http('GET', '/', { headers: { 'x-big': 'h'.repeat(20_000) } }),
    status: 431,
  },

  // Too slow, or shorter than declared.
  {
    name: 'API body shorter than its length',
    run: raw(['POST /api/listDatasets HTTP/1.1', 'Content-Length: 100'], '{}'),
    status: 408,
  },
  {
    name: 'upload shorter than its length',
    run: raw(['PUT /upload?name=short.bin&batch=fuzz-batch-03 HTTP/1.1', 'Content-Length: 100'], 'ab'),
    status: 408,
  },
  {
    name: 'chunked API body that never ends',
    run: raw(['POST /api/listDatasets HTTP/1.1', 'Transfer-Encoding: chunked'], '2\r\n{}\r\n'),
    status: 408,
  },
  {
    name: 'headers that never end',
    run: raw(['GET / HTTP/1.1', 'X-Slow: 1'], '', { complete: false }),
    status: 408,
  },
  {
    name: 'a GET with a body shorter than its length',
    run: raw(['GET / HTTP/1.1', 'Content-Length: 100'], 'ab'),
    status: 200,
  },

  // Very long strings and ids.
  { name: 'an id of 3 MB', run: call('getEpisode', { id: 'e'.repeat(3 * MB) }), status: 400, check: short },
  {
    name: 'an id of 101 characters',
    run: call('listSegments', { episodeId: 'e'.repeat(101) }),
    status: 400,
    check: short,
  },
  {
    name: 'a search of 10k characters',
    run: call('listEpisodes', { search: 's'.repeat(10_000) }),
    status: 400,
    check: short,
  },
  {
    name: 'a tag of 10k characters',
    run: call('setEpisodeTags', { episodeId: 'ep_1', tags: ['t'.repeat(10_000)] }),
    status: 400,
    check: short,
  },
  {
    name: 'a path of 5000 characters',
    run: call('importPaths', { paths: ['/p'.repeat(2500)] }),
    status: 400,
    check: short,
  },
  {
    name: 'an instruction of 100k characters',
    run: call('createSegment', { episodeId: 'ep_1', startNs: 0, endNs: 1, instruction: 'i'.repeat(100_000) }),
    status: 400,
    check: short,
  },
  {
    name: 'a missing id is not echoed at length',
    run: call('getEpisode', { id: 'e'.repeat(100) }),
    status: 404,
    check: short,
  },
  {
    name: 'a call name of 8000 characters',
    run: http('POST', `/api/${'y'.repeat(8000)}`, { body: '{}' }),
    status: 404,
    check: short,
  },

  // Unknown calls and wrong methods.
  { name: 'an unknown call', run: call('noSuchCall', {}), status: 404 },
  { name: 'the call __proto__', run: call('__proto__', {}), status: 404 },
  { name: 'the call constructor', run: call('constructor', {}), status: 404 },
  { name: 'no call name', run: http('POST', '/api/', { body: '{}' }), status: 404 },
  { name: 'GET of a call', run: http('GET', '/api/listDatasets'), status: 405 },
  { name: 'PUT of a call', run: http('PUT', '/api/listDatasets', { body: '{}' }), status: 405 },
  { name: 'POST of media', run: http('POST', `/media/blob/${hash}`, { body: 'x' }), status: 405 },
  { name: 'GET of upload', run: http('GET', '/upload?name=a.mp4'), status: 405 },
  { name: 'DELETE of the app', run: http('DELETE', '/'), status: 405 },
  { name: 'POST to the app', run: http('POST', '/', { body: '{}' }), status: 405 },

  // Malformed bodies and requests.
  { name: 'malformed JSON', run: http('POST', '/api/listDatasets', { body: '{oops' }), status: 400 },
  { name: 'JSON of the wrong shape', run: call('listEpisodes', [1, 2]), status: 400 },
  { name: 'a number where a string goes', run: call('getEpisode', { id: 5 }), status: 400 },
  {
    name: 'bytes that are not UTF-8',
    run: http('POST', '/api/listDatasets', { body: Buffer.from([0xff, 0xfe, 0x7b]) }),
    status: 400,
  },
  {
    name: 'JSON nested 100k deep',
    run: http('POST', '/api/listEpisodes', { body: '['.repeat(100_000) + ']'.repeat(100_000) }),
    status: 400,
  },
  {
    name: 'a __proto__ key is ignored',
    run: http('POST', '/api/listDatasets', { body: '{"__proto__":{"polluted":1}}' }),
    status: 200,
  },
  { name: 'GET /%', run: http('GET', '/%'), status: 400 },
  { name: 'POST /api/%', run: http('POST', '/api/%', { body: '{}' }), status: 400 },
  { name: 'GET /media/%', run: http('GET', '/media/robots/%E0%A4%A'), status: 400 },
  { name: 'request target *', run: raw(['OPTIONS * HTTP/1.1']), status: 400 },
  { name: 'absolute-form request target', run: raw(['GET http://evil.example/ HTTP/1.1']), status: 400 },
  {
    name: 'request target //host/…',
    run: raw(['GET //evil.example/api/listDatasets HTTP/1.1'], '', { token: false }),
    status: 200,
  },
  {
    name: 'garbage instead of HTTP',
    run: raw(['\u0001\u0002garbage'], '', { host: false, token: false }),
    status: 400,
  },
  {
    name: 'two different Content-Lengths',
    run: raw(['POST /api/listDatasets HTTP/1.1', 'Content-Length: 2', 'Content-Length: 3'], '{}'),
    status: 400,
  },
  {
    name: 'Content-Length with Transfer-Encoding (smuggling)',
    run: raw(['POST /api/listDatasets HTTP/1.1', 'Content-Length: 2', 'Transfer-Encoding: chunked'], '{}'),
    status: 400,
  },
];

describe('web host under hostile and broken requests', () => {
  it.each(cases)('$name: $status', async ({ run, status, check }) => {
    const reply = await run();
    expect(reply.status).toBe(status);
    expect(reply.ms).toBeLessThan(4 * STALL_MS + 1000);
    // A staged upload's own path is the one server path a reply may carry.
    if (!check || status !== 200 || !reply.body.includes('"path"'))
      expect(leaks(reply.body, [services.ws.dir, packageRoot(), tmp.dir])).toBeNull();
    check?.(reply.body.slice(reply.body.indexOf('\r\n\r\n') + 1));
  });
});
