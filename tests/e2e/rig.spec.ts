import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { locateMediaTools } from '../../src/media/tools';
import { toyUrdf, writeToyRobot } from '../helpers/toyRobot';
import { countPixels } from './canvasPixels';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;
let toy: { urdf: string; meshDir: string };
let episodeId: string;

/** A camera clip and joint angles in degrees under names no robot uses (`toy.q1`, `toy.q2`). */
test.beforeAll(async () => {
  studio = await startStudio();
  toy = writeToyRobot(path.join(studio.dir, 'toy'));
  const clip = path.join(studio.dir, 'toy-run.mp4');
  execFileSync(locateMediaTools().tools!.ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=3'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip],
  ]);
  const rows = ['timestamp,toy.q1,toy.q2'];
  for (let i = 0; i < 150; i++)
    rows.push(`${(i / 50).toFixed(2)},${(i * 0.6).toFixed(2)},${(30 * Math.sin(i / 20)).toFixed(2)}`);
  const csv = path.join(studio.dir, 'toy-run.csv');
  writeFileSync(csv, rows.join('\n'));
  const job = studio.services.runner.enqueue('import', 'toy', { paths: [clip, csv], dataset: 'toy-demos' });
  const done = await studio.services.runner.waitFor(job.id);
  expect(done.state).toBe('succeeded');
  episodeId = (done.result as { episodes: { id: string }[] }).episodes[0]!.id;
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

test('a URDF with its mesh folder is attached, its joints mapped, and the 3D view shows it with the camera', async ({
  page,
}) => {
  await page.goto(studio.web.openUrl);
  await page.evaluate((id) => (window.location.hash = `#/episode/${id}`), episodeId);
  // Nothing in this recording names an SO-101 joint: no 3D view until the rig says how to pose one.
  await expect(page.getByTestId('layout').getByLabel('3D')).toBeDisabled();
  await page.getByTestId('open-rig').click();
  const dialog = page.getByTestId('rig-dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByTestId('open-rig').click();
  await expect(dialog).toBeVisible();

  // A URDF alone: its package:// meshes cannot be found, and the dialog says which.
  await page.getByTestId('rig-add-toggle').click();
  await page.getByTestId('rig-urdf-file').setInputFiles(toy.urdf);
  await page.getByTestId('rig-add').click();
  await expect(page.getByTestId('rig-add-error')).toContainText(
    'mesh "package://toy_arm/meshes/base.dae" was not found',
  );

  await page.getByTestId('rig-mesh-folder').setInputFiles(toy.meshDir);
  await expect(page.getByTestId('rig-add-panel')).toContainText('3 mesh files');
  await page.getByTestId('rig-add').click();
  await expect(page.getByTestId('rig-robot').locator('option:checked')).toContainText('toy_arm');
  await page.getByTestId('rig-stream').selectOption('toy');
  await page.locator('[data-joint="shoulder"]').selectOption('q1');
  await page.locator('[data-joint="elbow"]').selectOption('q2');
  await page.getByTestId('rig-unit').selectOption('deg');
  await expect(page.getByTestId('rig-ee')).toHaveValue('tool');
  await page
    .locator('[data-camera="camera"] input[type=checkbox], [data-camera] input[type=checkbox]')
    .first()
    .check();
  await page.getByTestId('rig-add-object').click();
  await expect(page.locator('[data-object="object 1"]')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/rig-dialog.png' });
  await page.getByTestId('rig-save').click();
  await expect(dialog).toBeHidden();

  const canvas = page.getByTestId('scene-canvas');
  await expect(canvas).toHaveAttribute('data-robot-loaded', '1');
  await expect(canvas).toHaveAttribute('data-camera-images', '1');
  await expect(page.getByTestId('scene-panel')).toContainText('3D · toy_arm · 1 camera');
  // COLLADA, STL and OBJ meshes all load; the URDF's red material paints the STL and the OBJ.
  await expect(canvas).toHaveAttribute('data-meshes', '3');
  await expect.poll(() => countPixels(canvas, 'red')).toBeGreaterThan(300);
  await page.screenshot({ path: 'test-results/screens/rig-toy-arm.png' });

  // Saving the dialog is an edit like any other: undone, the dataset is back on the defaults.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('scene-panel')).toHaveCount(0);
  await expect(page.getByTestId('open-rig')).toBeVisible();
  expect((await studio.services.handlers.getRig({ episodeId })).saved).toBe(false);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('scene-panel')).toContainText('3D · toy_arm · 1 camera');

  // The rig belongs to the dataset and survives a reload.
  await page.reload();
  await expect(page.getByTestId('scene-panel')).toContainText('3D · toy_arm · 1 camera');
  await expect(page.getByTestId('scene-canvas')).toHaveAttribute('data-robot-loaded', '1');
  const rig = await studio.services.handlers.getRig({ episodeId });
  expect(rig.jointColumns).toEqual({ shoulder: 'q1', elbow: 'q2' });
  expect(rig.angleUnit).toBe('deg');
  expect(Object.keys(rig.cameras)).toHaveLength(1);
  expect(rig.objects).toMatchObject([{ name: 'object 1', stream: 'toy', x: 'q1', y: 'q2', shape: 'box' }]);
  await expect(page.getByTestId('scene-canvas')).toHaveAttribute('data-objects', '1');
});

test('meshes of one file name in different folders all reach the robot', async ({ page }) => {
  // `upper/link.stl` and `fore/link.stl`: a browser upload used to keep only the first of them.
  const twin = writeToyRobot(path.join(studio.dir, 'twin'), (meshes) =>
    toyUrdf(meshes)
      .replace('name="toy_arm"', 'name="twin_arm"')
      .replace(`${meshes}/upper.stl`, `${meshes}/upper/link.stl`)
      .replace(`${meshes}/fore.obj`, `${meshes}/fore/link.stl`),
  );
  const stl = readFileSync(path.join(twin.meshDir, 'upper.stl'));
  for (const [part, header] of [
    ['upper', 'upper arm'],
    ['fore', 'forearm'],
  ] as const) {
    mkdirSync(path.join(twin.meshDir, part));
    // The 80-byte header is free text: the two files differ, so each is its own blob.
    const copy = Buffer.from(stl);
    copy.fill(0, 0, 80).write(header, 0);
    writeFileSync(path.join(twin.meshDir, part, 'link.stl'), copy);
  }
  await page.goto(studio.web.openUrl);
  await page.evaluate((id) => (window.location.hash = `#/episode/${id}`), episodeId);
  // The first test saved a rig for this dataset: the dialog opens from the 3D view then.
  await page.getByTestId('open-rig').or(page.getByTestId('edit-rig')).click();
  await page.getByTestId('rig-add-toggle').click();
  await page.getByTestId('rig-urdf-file').setInputFiles(twin.urdf);
  await page.getByTestId('rig-mesh-folder').setInputFiles(twin.meshDir);
  await page.getByTestId('rig-add').click();
  await expect(page.getByTestId('rig-robot').locator('option:checked')).toContainText('twin_arm');
  const row = studio.services.ws.db
    .prepare("SELECT mesh_blobs FROM robots WHERE name = 'twin_arm'")
    .get() as {
    mesh_blobs: string;
  };
  expect(new Set(JSON.parse(row.mesh_blobs) as string[]).size).toBe(3);
});
