// Sandboxed preload: exposes `window.studio` built from the contract's keys and nothing else — no
// raw ipcRenderer, no fs, no process.env.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isCallName, type StudioBridge } from '../src/common/api';

const bridge: StudioBridge = {
  call(name, input) {
    if (!isCallName(name)) return Promise.reject(new Error(`unknown call ${name}`));
    return ipcRenderer.invoke(`studio:${name}`, input) as Promise<unknown>;
  },
  on(listener) {
    const handler = (_e: Electron.IpcRendererEvent, msg: { name: string; payload: unknown }) =>
      listener(msg.name, msg.payload);
    ipcRenderer.on('studio:event', handler);
    return () => ipcRenderer.removeListener('studio:event', handler);
  },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('studio', bridge);
