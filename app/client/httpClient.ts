import {
  mediaPath,
  WEB_MEDIA_PREFIX,
  WireErrorSchema,
  type CallInput,
  type CallName,
  type CallOutput,
} from '../../src/common/api';
import { ClientError, Listeners, parseOutput, type StudioClient } from './studioClient';

/** Talks to `mimic serve`: the token arrives once in the page URL and lives on as an HttpOnly cookie. */
export function createHttpClient(base = ''): StudioClient {
  const listeners = new Listeners();
  let socket: WebSocket | null = null;
  let retryMs = 500;
  // One socket for all events; reconnects with backoff when the studio restarts.
  const ensureEvents = () => {
    if (socket) return;
    const origin = base || window.location.origin;
    socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`);
    socket.onopen = () => (retryMs = 500);
    socket.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { name: string; payload: unknown };
      listeners.deliver(msg.name, msg.payload);
    };
    socket.onclose = () => {
      socket = null;
      setTimeout(ensureEvents, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };

  async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const res = await fetch(`${base}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const wire = WireErrorSchema.safeParse(body);
      throw wire.success
        ? new ClientError(wire.data.error.code, wire.data.error.message)
        : new ClientError('internal', `${name}: HTTP ${res.status}`);
    }
    return parseOutput(name, body);
  }

  /** Stages files in one upload batch (a folder on the host); returns their paths there. */
  async function upload(files: File[]): Promise<string[]> {
    const paths: string[] = [];
    // getRandomValues works on plain-http remote hosts too, where randomUUID does not.
    const batch = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    for (const file of files) {
      const res = await fetch(`${base}/upload?name=${encodeURIComponent(file.name)}&batch=${batch}`, {
        method: 'PUT',
        body: file,
        credentials: 'same-origin',
      });
      if (!res.ok) throw new ClientError('bad_input', `${file.name}: upload failed (HTTP ${res.status})`);
      paths.push(((await res.json()) as { path: string }).path);
    }
    return paths;
  }

  return {
    call,
    on(name, listener) {
      ensureEvents();
      return listeners.add(name, listener);
    },
    mediaUrl: (ref) => `${base}${WEB_MEDIA_PREFIX}${mediaPath(ref)}`,
    async importFiles(files, dataset) {
      return call('importPaths', { paths: await upload(files), dataset });
    },
    async addRobotFiles(urdf, meshes) {
      // A batch is one folder: keep the first of several meshes that share a file name.
      const seen = new Set([urdf.name]);
      const unique = meshes.filter((f) => !seen.has(f.name) && seen.add(f.name));
      const [urdfPath, ...meshPaths] = await upload([urdf, ...unique]);
      return call('addRobot', { urdfPath: urdfPath!, meshPaths });
    },
  };
}
