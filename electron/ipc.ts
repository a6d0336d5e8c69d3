import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { BRIDGE_ERROR_PREFIX, callNames, dispatch, StudioError } from '../src/common/api';
import type { StudioServices } from '../src/index';

/**
 * One `ipcMain.handle` per contract call. Main treats the renderer as untrusted: the sender must be
 * our window's main frame showing our app, and every input is parsed by the call's schema.
 */
export function registerIpc(
  services: StudioServices,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of callNames) {
    ipcMain.handle(`studio:${name}`, async (event, input: unknown) => {
      if (!isTrusted(event)) throw new Error(`${BRIDGE_ERROR_PREFIX}forbidden:untrusted sender`);
      try {
        return await dispatch(services.handlers, name, input);
      } catch (e) {
        if (e instanceof StudioError) throw new Error(`${BRIDGE_ERROR_PREFIX}${e.code}:${e.message}`);
        throw e;
      }
    });
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(`studio:${name}`);
  };
}

/** Forwards contract events to a window. */
export function forwardEvents(services: StudioServices, contents: WebContents): () => void {
  return services.events.on((name, payload) => {
    if (!contents.isDestroyed()) contents.send('studio:event', { name, payload });
  });
}
