import {
  mediaPath,
  WEB_MEDIA_PREFIX,
  WireErrorSchema,
  type CallInput,
  type CallName,
  type CallOutput,
} from '../../src/common/api';
import { relativePath } from './relativePath';
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

  /**
   * Stages files in one upload batch (a folder on the host); returns their paths there and the
   * batch's folder. A file of a picked or dropped folder keeps its path inside it, so two files of one
   * name in different folders both arrive and a dataset folder keeps its shape.
   */
  async function upload(files: readonly File[]): Promise<{ paths: string[]; dir: string | null }> {
    const paths: string[] = [];
    let dir: string | null = null;
    // getRandomValues works on plain-http remote hosts too, where randomUUID does not.
    const batch = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    // Hidden entries of a folder (`.DS_Store`, `.git/…`) are not recordings, and the host refuses them.
    const sent = files.filter(
      (f) =>
        !relativePath(f)
          .split('/')
          .some((s) => s.startsWith('.')),
    );
    for (const file of sent) {
      const relpath = relativePath(file);
      const where = relpath
        ? `relpath=${encodeURIComponent(relpath)}`
        : `name=${encodeURIComponent(file.name)}`;
      const res = await fetch(`${base}/upload?${where}&batch=${batch}`, {
        method: 'PUT',
        body: file,
        credentials: 'same-origin',
      });
      if (!res.ok) {
        const wire = WireErrorSchema.safeParse(await res.json().catch(() => null));
        const why = wire.success ? wire.data.error.message : `HTTP ${res.status}`;
        throw new ClientError('bad_input', `${relpath || file.name}: upload failed (${why})`);
      }
      const staged = (await res.json()) as { path: string; dir: string };
      paths.push(staged.path);
      dir = staged.dir;
    }
    return { paths, dir };
  }

  async function stageFiles(files: File[]): Promise<string[]> {
    const staged = await upload(files);
    // Files of a folder are imported as the folder, so a LeRobot dataset is read by its metadata.
    const whole = files.some((f) => relativePath(f)) && staged.dir !== null;
    return whole ? [staged.dir!] : staged.paths;
  }

  return {
    call,
    on(name, listener) {
      ensureEvents();
      return listeners.add(name, listener);
    },
    mediaUrl: (ref) => `${base}${WEB_MEDIA_PREFIX}${mediaPath(ref)}`,
    stageFiles,
    async importFiles(files, dataset) {
      return call('importPaths', { paths: await stageFiles(files), dataset });
    },
    async addRobotFiles(urdf, meshes) {
      // Meshes keep their folders, so `meshes/a/base.stl` and `meshes/b/base.stl` both arrive; the
      // URDF picked inside the mesh folder is not sent twice.
      const others = meshes.filter((f) => f !== urdf);
      const { paths } = await upload([urdf, ...others]);
      const [urdfPath, ...meshPaths] = paths;
      return call('addRobot', { urdfPath: urdfPath!, meshPaths });
    },
  };
}
