import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import {
  blobRef,
  ELECTRON_MEDIA_PREFIX,
  mediaPath,
  robotAssetRef,
  type StudioBridge,
} from '../../src/common/api';
import { writeToyRobot } from '../helpers/toyRobot';

declare global {
  interface Window {
    studio?: StudioBridge;
  }
}

const require = createRequire(import.meta.url);
function electronBinary(): string | null {
  try {
    return require('electron') as string;
  } catch {
    return null;
  }
}
const binary = electronBinary();
const binding = process.env.MIMIC_SQLITE_BINDING;

test.skip(
  !binary,
  'Electron binary not installed (npm could not download it): the shell is tested where it can run',
);
test.skip(
  !binding,
  'MIMIC_SQLITE_BINDING unset: run through scripts/test.mjs, which prepares better-sqlite3 for Electron',
);

/** The desktop app on a workspace inside `dir`. */
const launch = (dir: string) =>
  electron.launch({
    executablePath: binary!,
    args: [path.resolve('.'), `--workspace=${path.join(dir, 'ws')}`],
    env: { ...process.env, MIMIC_WORKSPACE: path.join(dir, 'default') },
  });

test('the desktop app opens a workspace through the sandboxed bridge', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-electron-'));
  const app = await launch(dir);
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('episode-count')).toBeVisible();
    // The renderer sees the contract bridge and nothing of Node.
    expect(await page.evaluate(() => Object.keys(window.studio ?? {}).sort())).toEqual([
      'call',
      'on',
      'pathForFile',
    ]);
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    );
    const info = await page.evaluate(() => window.studio!.call('workspaceInfo', {}));
    expect(info).toMatchObject({ host: 'electron', name: 'ws' });
    await expect(page.evaluate(() => window.studio!.call('listEpisodes', { limit: -1 }))).rejects.toThrow(
      /bad_input/,
    );
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return w.webContents.getLastWebPreferences();
    });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a call rejected by its schema is rejected as the CLI and the web host reject it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-electron-'));
  const input = { episodeId: 'ep_1', tags: ['a,b'] };
  // The CLI prints the rejection exactly as the web host answers it (tests/integration/cli.test.ts).
  const cliEnv = { ...process.env, MIMIC_SQLITE_BINDING: '' };
  execFileSync(process.execPath, ['bin/mimic.mjs', 'init', path.join(dir, 'cli-ws')], { env: cliEnv });
  const cli = ((): { error: { code: string; message: string } } => {
    try {
      execFileSync(
        process.execPath,
        ['bin/mimic.mjs', 'call', path.join(dir, 'cli-ws'), 'setEpisodeTags', JSON.stringify(input)],
        { stdio: ['ignore', 'pipe', 'ignore'], env: cliEnv },
      );
    } catch (e) {
      return JSON.parse((e as { stdout: Buffer }).stdout.toString()) as {
        error: { code: string; message: string };
      };
    }
    throw new Error('the CLI accepted a tag with a comma');
  })();
  expect(cli.error.code).toBe('bad_input');
  const app = await launch(dir);
  try {
    const page = await app.firstWindow();
    const message = await page.evaluate(
      (i) =>
        window.studio!.call('setEpisodeTags', i).then(
          () => '',
          (e: Error) => e.message,
        ),
      input,
    );
    expect(message).toContain(`studio-error:${cli.error.code}:${cli.error.message}`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a robot added through the bridge loads its URDF and meshes over studio-media://', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-electron-'));
  const toy = writeToyRobot(path.join(dir, 'toy'));
  const app = await launch(dir);
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('episode-count')).toBeVisible();
    const robot = (await page.evaluate(
      ({ urdf, meshDir }) =>
        window.studio!.call('addRobot', {
          urdfPath: urdf,
          meshPaths: [`${meshDir}/base.dae`, `${meshDir}/upper.stl`, `${meshDir}/fore.obj`],
        }),
      toy,
    )) as { urdfBlob: string };
    // The renderer builds media URLs from the contract's routes; the bridge has no URL helper.
    const urdfUrl = ELECTRON_MEDIA_PREFIX + mediaPath(blobRef(robot.urdfBlob));
    const fetched = await page.evaluate(async (urdfUrl) => {
      const xml = await (await fetch(urdfUrl)).text();
      // Mesh references are relative `<hash>.<ext>` names, resolved beside the URDF's URL.
      const meshes = [...xml.matchAll(/filename="([^"]+)"/g)].map((m) => new URL(m[1]!, urdfUrl).href);
      return Promise.all(
        meshes.map(async (url) => {
          const res = await fetch(url);
          return {
            status: res.status,
            type: res.headers.get('content-type'),
            bytes: (await res.arrayBuffer()).byteLength,
          };
        }),
      );
    }, urdfUrl);
    expect(fetched.map((f) => [f.status, f.type])).toEqual([
      [200, 'model/vnd.collada+xml'],
      [200, 'model/stl'],
      [200, 'model/obj'],
    ]);
    for (const f of fetched) expect(f.bytes).toBeGreaterThan(100);
    // Shipped robot files go through the same routes; nothing outside resources/robots/ resolves.
    const shipped = await page.evaluate(
      (urls) => Promise.all(urls.map(async (u) => (await fetch(u)).status)),
      [
        ELECTRON_MEDIA_PREFIX + mediaPath(robotAssetRef('so101/so101_new_calib.urdf')),
        `${ELECTRON_MEDIA_PREFIX}robots/..%2f..%2fpackage.json`,
        `${ELECTRON_MEDIA_PREFIX}blob/${'0'.repeat(64)}`,
      ],
    );
    expect(shipped).toEqual([200, 404, 404]);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
