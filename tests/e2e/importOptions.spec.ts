import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Catalog } from '../../src/workspace/catalog';
import { makeRobomimic } from '../helpers/robomimic';
import { writeTfRecording } from '../helpers/tfRecording';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;

test.beforeAll(async () => {
  studio = await startStudio();
});
test.afterAll(async () => studio.stop());

const row = (page: Page, name: string) => page.getByTestId('episode-row').filter({ hasText: name });

/** Opens the import dialog and picks one file for a dataset. */
async function pick(page: Page, dataset: string, file: string): Promise<void> {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-dataset').fill(dataset);
  await page.getByTestId('import-file-input').setInputFiles(file);
}

test('an MCAP chosen in the dialog lists its topics; an unticked topic is left out of the episode', async ({
  page,
}) => {
  const file = await writeTfRecording(path.join(studio.dir, 'two_cameras.mcap'));
  await pick(page, 'cams', file);
  const topics = page.getByTestId('recording-topics');
  await expect(topics).toContainText('two_cameras.mcap');
  // Every topic with its schema, count, rate and time range; calibration topics cannot be chosen.
  await expect(topics.locator('tbody tr')).toHaveCount(5);
  const jointRow = topics.locator('tr', { hasText: '/joint_states' });
  await expect(jointRow).toContainText('sensor_msgs/JointState');
  await expect(jointRow).toContainText('20');
  await expect(jointRow).toContainText('20.0 Hz');
  await expect(jointRow).toContainText('0.00–0.95');
  await expect(page.getByTestId('topic-/tf_static')).toBeDisabled();
  await expect(page.getByTestId('topic-/top/camera_info')).toBeDisabled();
  await expect(topics.locator('tr', { hasText: '/tf_static' })).toContainText("place the rig's cameras");
  for (const t of ['/joint_states', '/top/image/compressed', '/wrist/image/compressed']) {
    await expect(page.getByTestId(`topic-${t}`)).toBeChecked();
  }
  await page.getByTestId('topic-/wrist/image/compressed').uncheck();
  await page.screenshot({ path: '/tmp/import-topics.png' });
  await page.getByTestId('import-picked-submit').click();

  const added = row(page, 'two_cameras');
  await expect(added).toBeVisible({ timeout: 60_000 });
  await expect(added).toContainText('top/image/compressed · 10');
  await expect(added).toContainText('joint_states · 20');
  await expect(added).not.toContainText('wrist');
  await page.screenshot({ path: '/tmp/import-topics-done.png' });
});

test('a robomimic file without a control rate asks for one, and its demos are timed at it', async ({
  page,
}) => {
  const file = makeRobomimic(path.join(studio.dir, 'norate.hdf5'), {
    demos: [
      { name: 'demo_0', steps: 5 },
      { name: 'demo_1', steps: 4 },
    ],
    envArgs: { env_name: 'Lift', type: 1, env_kwargs: {} },
  });
  await pick(page, 'robo', file);
  const rate = page.getByTestId('import-rate-hz');
  await expect(rate).toHaveValue('');
  await expect(page.getByRole('dialog')).toContainText(
    'norate.hdf5: 2 demo(s), Lift, no control rate in env_args',
  );
  await page.getByTestId('import-picked-submit').click();
  await expect(page.getByRole('dialog')).toContainText('Give the control rate (Hz)');
  await rate.fill('10');
  await page.screenshot({ path: '/tmp/import-rate.png' });
  await page.getByTestId('import-picked-submit').click();

  await expect(row(page, 'norate#demo_0')).toContainText('action · 5', { timeout: 60_000 });
  await expect(row(page, 'norate#demo_1')).toContainText('action · 4');
  const catalog = new Catalog(studio.services.ws.db);
  const id = (
    studio.services.ws.db.prepare("SELECT id FROM episodes WHERE name = 'norate#demo_0'").get() as {
      id: string;
    }
  ).id;
  expect(catalog.getEpisode(id).metadata.robomimic).toMatchObject({ rateHz: 10, rateFrom: 'request' });
});

test('the export dialog says how data at other rates is aligned, and writes the dataset', async ({
  page,
}) => {
  // The episode the first test imported into "cams": joints at 20 Hz beside a 10 Hz camera.
  await page.goto(studio.web.openUrl);
  await page.getByTestId('dataset-item').filter({ hasText: 'cams' }).click();
  await page.getByTestId('export-dataset').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-resampling')).toHaveText(
    'One row per sample of observation.state (else the first series): every other series and camera gives its nearest earlier sample or frame (cameras repeat or drop whole frames); nothing is interpolated.',
  );
  const out = path.join(studio.dir, 'cams-v3');
  await dialog.getByTestId('export-out').fill(out);
  await page.screenshot({ path: '/tmp/export-dialog.png' });
  await dialog.getByTestId('export-submit').click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => existsSync(path.join(out, 'meta/info.json')), { timeout: 60_000 }).toBe(true);
  const info = JSON.parse(readFileSync(path.join(out, 'meta/info.json'), 'utf8')) as {
    fps: number;
    total_frames: number;
  };
  expect(info).toMatchObject({ fps: 20, total_frames: 20 });
});
