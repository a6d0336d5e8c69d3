import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

export interface MediaToolsLookup {
  tools: MediaTools | null;
  /** What is missing and how to get it, when tools is null. */
  problem: string | null;
}

const require = createRequire(import.meta.url);
const exe = process.platform === 'win32' ? '.exe' : '';

function fromPackage(name: string, pick: (mod: unknown) => unknown): string | null {
  try {
    const p = pick(require(name));
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name + exe);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Finds ffmpeg and ffprobe: FFMPEG_PATH / FFMPEG_BIN (and FFPROBE_PATH), then the ffmpeg-static
 * binary, then ffmpeg on PATH, then the binaries that @ffmpeg-installer / @ffprobe-installer ship
 * inside their npm packages.
 */
export function locateMediaTools(env: NodeJS.ProcessEnv = process.env): MediaToolsLookup {
  const ffmpeg =
    [env.FFMPEG_PATH, env.FFMPEG_BIN].find((p): p is string => !!p && existsSync(p)) ??
    fromPackage('ffmpeg-static', (m) => m) ??
    onPath('ffmpeg', env) ??
    fromPackage('@ffmpeg-installer/ffmpeg', (m) => (m as { path?: string }).path);
  const sibling = ffmpeg ? path.join(path.dirname(ffmpeg), 'ffprobe' + exe) : null;
  const ffprobe =
    [env.FFPROBE_PATH, env.FFPROBE_BIN].find((p): p is string => !!p && existsSync(p)) ??
    (sibling && existsSync(sibling) ? sibling : null) ??
    onPath('ffprobe', env) ??
    fromPackage('@ffprobe-installer/ffprobe', (m) => (m as { path?: string }).path);
  if (ffmpeg && ffprobe) return { tools: { ffmpeg, ffprobe }, problem: null };
  const missing = [!ffmpeg && 'ffmpeg', !ffprobe && 'ffprobe'].filter(Boolean).join(' and ');
  return {
    tools: null,
    problem:
      `${missing} not found: video import and thumbnails are unavailable. Install it ` +
      '(Debian/Ubuntu: `sudo apt-get install ffmpeg`; macOS: `brew install ffmpeg`) ' +
      'or set FFMPEG_PATH and FFPROBE_PATH to the binaries.',
  };
}
