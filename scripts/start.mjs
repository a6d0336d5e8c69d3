// `npm start`: the desktop app when Electron's binary is installed, otherwise the same studio in a
// browser through the local web host. Both open the embedded default workspace.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronSqliteBinding } from './electronNative.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
const electron = electronBinary();
let reason = null;
if (!electron) reason = 'Electron is not installed (its binary could not be downloaded)';
else if (!hasDisplay) reason = 'no display is available (DISPLAY is not set)';

if (!reason) {
  const binding = electronSqliteBinding();
  if (binding) {
    const child = spawn(electron, [root, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, MIMIC_SQLITE_BINDING: binding },
    });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    reason = 'the database module could not be prepared for Electron';
  }
}

if (reason) {
  console.error(`${reason}: starting Mimic Studio in your browser instead.`);
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin', 'mimic.mjs'), 'serve', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
