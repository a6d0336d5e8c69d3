import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { blobRef, mediaPath, robotAssetRef } from '../../src/common/api';
import { startWebHost, type WebHost } from '../../src/host/webHost';
import { distPath } from '../../src/paths';
import { createServices, type StudioServices } from '../../src/service/services';
import { G1_V21 } from '../helpers/lerobot';
import { makeClip, tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let web: WebHost;

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
  web = await startWebHost(services, { appDir: distPath('app') });
});
afterAll(async () => {
  await web.close();
  await services.close();
  tmp.cleanup();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(
  method: string,
  url: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(web.url + url, { method, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = () => ({ authorization: `Bearer ${web.token}`, 'content-type': 'application/json' });
const api = async (name: string, input: unknown) => {
  const r = await send('POST', `/api/${name}`, { headers: auth(), body: JSON.stringify(input) });
  return {
    status: r.status,
    json: JSON.parse(r.body.toString()) as Record<string, unknown> & {
      error?: { code: string; message: string };
    },
  };
};

describe('web host', () => {
  it('binds to loopback and prints a URL with the token', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(web.openUrl).toBe(`${web.url}/?token=${web.token}`);
    expect(web.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses API calls without the token or with a wrong one', async () => {
    expect((await send('POST', '/api/listDatasets', { body: '{}' })).status).toBe(401);
    expect(
      (await send('POST', '/api/listDatasets', { headers: { authorization: 'Bearer nope' }, body: '{}' }))
        .status,
    ).toBe(401);
    expect((await send('GET', '/media/blob/' + 'a'.repeat(64))).status).toBe(401);
    expect((await send('GET', '/media/robots/so101/so101_new_calib.urdf')).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and cross-origin writes', async () => {
    const foreignHost = await send('POST', '/api/listDatasets', {
      headers: { ...auth(), host: 'evil.example:80' },
      body: '{}',
    });
    expect(foreignHost.status).toBe(403);
    const crossOrigin = await send('POST', '/api/listDatasets', {
      headers: { ...auth(), origin: 'http://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
  });

  it('sets the token cookie when the page is opened with it, and the cookie then authorizes calls', async () => {
    const page = await send('GET', `/?token=${web.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(`mimic_token=${web.token}`);
    const r = await send('POST', '/api/workspaceInfo', { headers: { cookie }, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString())).toMatchObject({ host: 'web', name: 'ws' });
  });

  it('parses every input with the contract schema', async () => {
    const r = await api('listEpisodes', { limit: -5 });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/listEpisodes/) });
    expect((await api('noSuchCall', {})).status).toBe(404);
    expect((await api('getEpisode', { id: 'ep_missing' })).status).toBe(404);
    const badJson = await send('POST', '/api/listDatasets', { headers: auth(), body: '{oops' });
    expect(badJson.status).toBe(400);
  });

  it('imports an uploaded clip as a job, pushes its progress over the WebSocket, and serves its media with ranges', async () => {
    const events: { name: string; payload: { state?: string } }[] = [];
    const socket = new WebSocket(`${web.url.replace('http', 'ws')}/api/events`, {
      headers: { authorization: `Bearer ${web.token}` },
    });
    await new Promise((r, j) => socket.once('open', r).once('error', j));
    socket.on('message', (m) => events.push(JSON.parse(m.toString()) as (typeof events)[number]));

    const clip = makeClip(path.join(tmp.dir, 'upload-me.mp4'));
    const up = await send('PUT', '/upload?name=upload-me.mp4', {
      headers: { authorization: `Bearer ${web.token}` },
      body: readFileSync(clip),
    });
    expect(up.status).toBe(200);
    const staged = (JSON.parse(up.body.toString()) as { path: string }).path;
    expect(staged.startsWith(path.join(services.ws.dir, 'staging'))).toBe(true);

    const { json } = await api('importPaths', { paths: [staged], dataset: 'uploads' });
    const job = await services.runner.waitFor(json.jobId as string);
    expect(job.state).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 100));
    socket.close();
    const states = events.filter((e) => e.name === 'jobUpdated').map((e) => e.payload.state);
    expect(states).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    expect(events.some((e) => e.name === 'libraryChanged')).toBe(true);

    const list = await api('listEpisodes', { search: 'upload-me' });
    const items = list.json.items as { id: string; thumbnailBlob: string }[];
    expect(list.json.total).toBe(1);
    const episode = (await api('getEpisode', { id: items[0]!.id })).json as {
      streamDetails: { blob: string }[];
    };
    const blob = episode.streamDetails[0]!.blob;
    const whole = await send('GET', `/media/blob/${blob}`, { headers: auth() });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.body.equals(readFileSync(clip))).toBe(true);
    const part = await send('GET', `/media/blob/${blob}`, { headers: { ...auth(), range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${whole.body.length}`);
    expect(part.body.equals(whole.body.subarray(100, 200))).toBe(true);
    const beyond = await send('GET', `/media/blob/${blob}`, {
      headers: { ...auth(), range: `bytes=${whole.body.length + 10}-` },
    });
    expect(beyond.status).toBe(416);
    // `ext` only names the format: the type still comes from the catalog.
    const named = await send('HEAD', `/media/${mediaPath(blobRef(blob, 'stl'))}`, { headers: auth() });
    expect([named.status, named.headers['content-type']]).toEqual([200, 'video/mp4']);
    // Catalogued hashes only: a hash that is not a blob, or not a hash at all, is not found.
    expect((await send('GET', `/media/blob/${'0'.repeat(64)}`, { headers: auth() })).status).toBe(404);
    expect((await send('GET', `/media/${blob}`, { headers: auth() })).status).toBe(404);
  });

  it('stages a folder with its paths: same-named files in two folders and a LeRobot dataset all import', async () => {
    const batch = 'folder-batch-01';
    const put = async (relpath: string, file: string) => {
      const r = await send('PUT', `/upload?relpath=${encodeURIComponent(relpath)}&batch=${batch}`, {
        headers: { authorization: `Bearer ${web.token}` },
        body: readFileSync(file),
      });
      expect(r.status).toBe(200);
      return JSON.parse(r.body.toString()) as { path: string; dir: string };
    };
    // Two takes named alike, as a rig writes one folder per session.
    const left = makeClip(path.join(tmp.dir, 'left.mp4'), { seconds: 1 });
    const right = makeClip(path.join(tmp.dir, 'right.mp4'), { seconds: 3 });
    const a = await put('picked/monday/take.mp4', left);
    const b = await put('picked/tuesday/take.mp4', right);
    expect(a.path).toBe(path.join(services.ws.dir, 'staging', batch, 'picked', 'monday', 'take.mp4'));
    expect(b.path).toBe(path.join(a.dir, 'picked', 'tuesday', 'take.mp4'));
    for (const file of readdirSync(G1_V21, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const full = path.join(file.parentPath, file.name);
      await put(['picked', 'g1', ...path.relative(G1_V21, full).split(path.sep)].join('/'), full);
    }

    const { json } = await api('importPaths', { paths: [a.dir], dataset: 'picked' });
    const job = await services.runner.waitFor(json.jobId as string);
    expect(job.state).toBe('succeeded');
    const result = job.result as { episodes: { streams: { name: string; frames: number }[] }[]; errors: [] };
    expect(result.errors).toEqual([]);
    expect(result.episodes.map((e) => e.streams.map((st) => `${st.name} ${st.frames}`))).toEqual([
      ['observation.images.cam_high 393', 'observation.state 393', 'action 393'],
      ['observation.images.cam_high 343', 'observation.state 343', 'action 343'],
      ['camera 10'],
      ['camera 30'],
    ]);
    // The LeRobot episodes are named after the dataset's folder as picked, not the staging batch.
    const names = (search: string) =>
      api('listEpisodes', { search }).then((r) => (r.json.items as { name: string }[]).map((e) => e.name));
    expect((await names('g1#')).sort()).toEqual(['g1#1', 'g1#2']);
    expect(await names('take')).toEqual(['take', 'take']);
  });

  it('serves the shipped robot descriptions and meshes under /media/robots/ only', async () => {
    const urdf = await send('GET', `/media/${mediaPath(robotAssetRef('so101/so101_new_calib.urdf'))}`, {
      headers: auth(),
    });
    expect([urdf.status, urdf.headers['content-type']]).toEqual([200, 'application/xml']);
    expect(urdf.body.toString()).toMatch(/<robot/);
    const mesh = await send('GET', '/media/robots/so101/meshes/base_so101_v2.stl', {
      headers: { ...auth(), range: 'bytes=0-9' },
    });
    expect([mesh.status, mesh.headers['content-type'], mesh.body.length]).toEqual([206, 'model/stl', 10]);
    const dotted = await send('GET', '/media/robots/so101/../../../package.json', { headers: auth() });
    expect(dotted.body.toString()).not.toMatch(/"mimic-studio"/);
    // An encoded `..` is refused before any route sees it.
    expect((await send('GET', '/media/robots/..%2f..%2fpackage.json', { headers: auth() })).status).toBe(400);
    // The old routes are gone.
    const old = await send('GET', '/robots/so101/so101_new_calib.urdf', { headers: auth() });
    expect(old.body.toString()).not.toMatch(/<robot/);
  });

  it('never serves files outside the app folder or the blob store', async () => {
    const traversal = await send('GET', '/..%2f..%2fpackage.json');
    expect(traversal.body.toString()).not.toMatch(/"mimic-studio"/);
    expect((await send('GET', '/media/..%2f..%2fstudio.db', { headers: auth() })).status).toBe(400);
    // An upload's name is a file name, not a path.
    expect(
      (await send('PUT', '/upload?name=..%2f..%2fevil.sh&batch=batch-0001', { headers: auth(), body: 'x' }))
        .status,
    ).toBe(400);
    expect(
      (await send('PUT', '/upload?name=a.mp4&batch=..%2f..', { headers: auth(), body: 'x' })).status,
    ).toBe(400);
    const badName = await send('PUT', '/upload?name=.hidden', { headers: auth(), body: 'x' });
    expect(badName.status).toBe(400);
  });

  it('rejects a WebSocket without the token', async () => {
    const socket = new WebSocket(`${web.url.replace('http', 'ws')}/api/events`);
    const outcome = await new Promise<string>((r) => {
      socket.once('open', () => r('open'));
      socket.once('error', () => r('error'));
    });
    expect(outcome).toBe('error');
  });
});
