// `npm start`: the desktop app when Electron's binary is installed, otherwise the same studio in a
// browser through the local web host. Both open the embedded default workspace.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** better-sqlite3 built for Electron's ABI, kept beside the Node build so tests and the CLI keep theirs. */
function electronSqliteBinding() {
  const out = path.join(root, 'dist', 'electron-native', 'better_sqlite3.node');
  if (existsSync(out)) return out;
  const version = require('electron/package.json').version;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mimic-sqlite-'));
  try {
    cpSync(path.join(root, 'node_modules', 'better-sqlite3'), tmp, { recursive: true });
    rmSync(path.join(tmp, 'build'), { recursive: true, force: true });
    const r = spawnSync(
      process.execPath,
      [
        require.resolve('prebuild-install/bin.js'),
        '--runtime',
        'electron',
        '--target',
        version,
        '--arch',
        process.arch,
      ],
      { cwd: tmp, stdio: 'inherit' },
    );
    const built = path.join(tmp, 'build', 'Release', 'better_sqlite3.node');
    if (r.status !== 0 || !existsSync(built)) return null;
    mkdirSync(path.dirname(out), { recursive: true });
    cpSync(built, out);
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

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
