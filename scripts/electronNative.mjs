// better-sqlite3 built for Electron's ABI, kept beside the Node build (which the CLI and the tests
// use), so that neither build replaces the other. Electron loads it through MIMIC_SQLITE_BINDING.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** The Electron binary, or null where npm could not download it. */
export function electronBinary() {
  try {
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Path of the Electron build of better-sqlite3, fetched (prebuilt) once; null if that failed. */
export function electronSqliteBinding() {
  const version = require('electron/package.json').version;
  const out = path.join(root, 'dist', 'electron-native', version, 'better_sqlite3.node');
  if (existsSync(out)) return out;
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
