import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this module whether it runs from src/ (tests) or dist/ (bundles). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mimic-studio'
    ) {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the mimic-studio package root');
    dir = up;
  }
}

export const distPath = (...parts: string[]) => path.join(packageRoot(), 'dist', ...parts);
export const resourcePath = (...parts: string[]) => path.join(packageRoot(), 'resources', ...parts);
export const defaultWorkerScript = () => distPath('node', 'jobWorker.js');

/**
 * The studio's folder for one kind of per-user files on this platform: data (the default workspace)
 * or config (this machine's user): `~/Library/Application Support` on macOS, `%APPDATA%` on Windows,
 * `$XDG_DATA_HOME` / `$XDG_CONFIG_HOME` (or their defaults) elsewhere.
 */
export function platformDir(kind: 'data' | 'config', env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  const base =
    process.platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : process.platform === 'win32'
        ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
        : kind === 'data'
          ? (env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'))
          : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(base, 'mimic-studio');
}

/** Where the embedded default workspace lives: MIMIC_WORKSPACE, else the platform's data folder. */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MIMIC_WORKSPACE) return path.resolve(env.MIMIC_WORKSPACE);
  return path.join(platformDir('data', env), 'default-workspace');
}
