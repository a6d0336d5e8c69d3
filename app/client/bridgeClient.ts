import {
  BRIDGE_ERROR_PREFIX,
  ELECTRON_MEDIA_PREFIX,
  mediaPath,
  type CallInput,
  type CallName,
  type CallOutput,
  type StudioBridge,
} from '../../src/common/api';
import { relativePath } from './relativePath';
import { ClientError, Listeners, parseOutput, type StudioClient } from './studioClient';

/** Talks to Electron's main process through the preload bridge (`window.studio`). */
export function createBridgeClient(bridge: StudioBridge): StudioClient {
  const listeners = new Listeners();
  bridge.on((name, payload) => listeners.deliver(name, payload));

  async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    try {
      return parseOutput(name, await bridge.call(name, input ?? {}));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = message.indexOf(BRIDGE_ERROR_PREFIX);
      if (at < 0) throw e;
      const [code, ...rest] = message.slice(at + BRIDGE_ERROR_PREFIX.length).split(':');
      throw new ClientError(code ?? 'internal', rest.join(':').trim());
    }
  }

  return {
    call,
    on: (name, listener) => listeners.add(name, listener),
    mediaUrl: (ref) => `${ELECTRON_MEDIA_PREFIX}${mediaPath(ref)}`,
    importFiles: (files, dataset) =>
      call('importPaths', { paths: [...new Set(files.map((f) => pickedPath(f, bridge)))], dataset }),
    addRobotFiles: (urdf, meshes) =>
      call('addRobot', {
        urdfPath: bridge.pathForFile(urdf),
        meshPaths: meshes.map((f) => bridge.pathForFile(f)),
      }),
  };
}

/**
 * What to import for a picked file: its own path, or for a file of a picked folder that folder (the
 * file's path less its path inside the folder), so a LeRobot dataset is read by its metadata.
 */
function pickedPath(file: File, bridge: StudioBridge): string {
  const full = bridge.pathForFile(file);
  const segments = relativePath(file).split('/');
  if (segments.length < 2) return full;
  // The tail has the same length whichever separator the platform uses.
  const inside = segments.slice(1).join('/');
  return full.slice(0, full.length - inside.length - 1);
}
