import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateMediaTools, type MediaTools } from '../../src/media/tools';
import { Workspace } from '../../src/workspace/workspace';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
export const EGOBLUR = path.join(FIXTURES, 'video', 'egoblur_gen1_test_video.mp4');

export function tempDir(prefix = 'mimic-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` on a new workspace in a temporary folder; both are removed after it, however it ends. */
export async function withWorkspace<T>(fn: (ws: Workspace) => T | Promise<T>): Promise<T> {
  const tmp = tempDir();
  const ws = Workspace.init(path.join(tmp.dir, 'ws'));
  try {
    return await fn(ws);
  } finally {
    ws.close();
    tmp.cleanup();
  }
}

/** ffmpeg is a prerequisite of the test command (scripts/test.mjs installs or names it): fail loudly without it. */
export function mediaTools(): MediaTools {
  const { tools, problem } = locateMediaTools();
  if (!tools) throw new Error(problem ?? 'ffmpeg not found');
  return tools;
}

/**
 * A test clip made by one of ffmpeg's test sources (`testsrc2` unless told otherwise): `seconds` long
 * at `fps`, H.264 with a keyframe every `gop` frames unless `args` give other output options.
 */
export function makeClip(
  file: string,
  opts: {
    seconds?: number;
    fps?: number;
    size?: string;
    source?: string;
    gop?: number;
    args?: string[];
  } = {},
): string {
  const { seconds = 2, fps = 10, size = '160x120', source = 'testsrc2', gop = 10 } = opts;
  execFileSync(mediaTools().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `${source}=size=${size}:rate=${fps}:duration=${seconds}`,
    ...(opts.args ?? ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', String(gop)]),
    file,
  ]);
  return file;
}

export function writeLines(file: string, lines: string[]): string {
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Row counts and blob files, to check that a failed import left nothing behind. */
export function inventory(ws: Workspace): {
  episodes: number;
  streams: number;
  blobRows: number;
  blobFiles: number;
  tmpFiles: number;
} {
  const count = (table: string) =>
    (ws.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    episodes: count('episodes'),
    streams: count('streams'),
    blobRows: count('blobs'),
    blobFiles: [...ws.blobs.listHashes()].length,
    // Every process's temporary files, not only this one's.
    tmpFiles: readdirSync(ws.blobs.tmpRoot, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    ).length,
  };
}
