import {
  BRIDGE_ERROR_PREFIX,
  ELECTRON_MEDIA_PREFIX,
  mediaPath,
  type CallInput,
  type CallName,
  type CallOutput,
  type StudioBridge,
} from '../../src/common/api';
import { pickedPath } from './pickedPath';
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

  /** The files' own paths (a picked folder's files: the folder). */
  const stage = (files: File[]) => [
    ...new Set(files.map((f) => pickedPath(bridge.pathForFile(f), relativePath(f)))),
  ];

  return {
    call,
    on: (name, listener) => listeners.add(name, listener),
    mediaUrl: (ref) => `${ELECTRON_MEDIA_PREFIX}${mediaPath(ref)}`,
    stageFiles: (files) => Promise.resolve(stage(files)),
    importFiles: (files, dataset) => call('importPaths', { paths: stage(files), dataset }),
    addRobotFiles: (urdf, meshes) =>
      call('addRobot', {
        urdfPath: bridge.pathForFile(urdf),
        meshPaths: meshes.map((f) => bridge.pathForFile(f)),
      }),
  };
}
