// The Electron shell: one window, the IPC wiring, the media protocol. Services are the same ones
// the CLI and the web host build; nothing here does heavy work.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, Menu, shell } from 'electron';
import { createMediaResolver } from '../src/host/mediaRoutes';
import { createServices, defaultWorkspaceDir, distPath, type StudioServices } from '../src/index';
import { forwardEvents, registerIpc } from './ipc';
import { handleMediaProtocol, registerMediaScheme } from './mediaProtocol';

registerMediaScheme();

const workspaceArg = process.argv.find((a) => a.startsWith('--workspace='))?.slice('--workspace='.length);
let services: StudioServices | null = null;

function createWindow(s: StudioServices): BrowserWindow {
  const appIndex = distPath('app', 'index.html');
  const appUrl = pathToFileURL(appIndex).href;
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: `Mimic Studio — ${s.ws.name}`,
    backgroundColor: '#15181d',
    webPreferences: {
      preload: distPath('electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => url !== appUrl && e.preventDefault());
  const offEvents = forwardEvents(s, win.webContents);
  win.on('closed', offEvents);
  void win.loadFile(appIndex);
  return win;
}

app.whenReady().then(() => {
  const isDefault = !workspaceArg;
  const s = createServices({
    workspaceDir: workspaceArg ? path.resolve(workspaceArg) : defaultWorkspaceDir(),
    create: isDefault,
    host: 'electron',
    seedSamples: isDefault,
  });
  services = s;
  handleMediaProtocol(createMediaResolver(s.ws));
  const appUrl = pathToFileURL(distPath('app', 'index.html')).href;
  registerIpc(s, (event) => {
    const frame = event.senderFrame;
    return !!frame && frame === event.sender.mainFrame && frame.url.split('#')[0] === appUrl;
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
  createWindow(s);
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow(s));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !services) return;
  e.preventDefault();
  quitting = true;
  void services.close().finally(() => app.quit());
});
