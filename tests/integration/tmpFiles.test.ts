import { spawn } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distPath } from '../../src/paths';
import { createServices } from '../../src/service/services';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let wsDir: string;
beforeEach(() => {
  tmp = tempDir();
  wsDir = path.join(tmp.dir, 'ws');
  Workspace.init(wsDir).close();
});
afterEach(() => tmp.cleanup());

/** Another process (the built bundle) that opens the workspace and writes a temporary file, as a sim does. */
async function writerProcess(): Promise<{ file: string; kill(): Promise<void> }> {
  const script = `
    const { createServices } = await import(${JSON.stringify(pathToFileURL(distPath('node', 'index.js')).href)});
    const fs = await import('node:fs');
    const path = await import('node:path');
    const s = createServices({ workspaceDir: ${JSON.stringify(wsDir)}, host: 'cli' });
    const file = path.join(s.ws.blobs.tmpDir, 'camera.mp4');
    fs.writeFileSync(file, 'frames being encoded');
    console.log(file);
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const file = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return {
    file,
    async kill() {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

describe('temporary files belong to their process', () => {
  it('opening a workspace keeps the temporary files of a process still running, and cleans those of one gone', async () => {
    const writer = await writerProcess();
    try {
      const services = createServices({ workspaceDir: wsDir, host: 'cli' });
      await services.close();
      expect(existsSync(writer.file)).toBe(true);
    } finally {
      await writer.kill();
    }
    // The writer is gone (killed, so it could not clean up): the next opening removes its folder.
    expect(existsSync(writer.file)).toBe(true);
    const services = createServices({ workspaceDir: wsDir, host: 'cli' });
    await services.close();
    expect(existsSync(path.dirname(writer.file))).toBe(false);
  });

  it('a workspace removes its own temporary folder when it closes, and old loose files are cleaned', () => {
    const ws = Workspace.open(wsDir);
    const own = ws.blobs.tmpDir;
    writeFileSync(path.join(own, 'x'), 'x');
    // Loose files written by an older version: cleaned once untouched for an hour.
    const old = path.join(ws.blobs.tmpRoot, '1700000000000-abcdef');
    const fresh = path.join(ws.blobs.tmpRoot, '1800000000000-abcdef');
    writeFileSync(old, 'old');
    writeFileSync(fresh, 'fresh');
    utimesSync(old, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 2 * 3_600_000));
    ws.blobs.clearTmp();
    expect([existsSync(old), existsSync(fresh), existsSync(own)]).toEqual([false, true, true]);
    ws.close();
    expect(existsSync(own)).toBe(false);
  });
});
