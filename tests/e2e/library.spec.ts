import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { insertSyntheticEpisodes } from '../../src/workspace/bulk';
import { G1_V21 } from '../helpers/lerobot';
import { makeClip } from '../helpers/workspace';
import { startStudio } from './studioHost';

const EGOBLUR = path.resolve('tests/fixtures/video/egoblur_gen1_test_video.mp4');
let studio: Awaited<ReturnType<typeof startStudio>>;

test.beforeAll(async () => {
  studio = await startStudio();
  const job = studio.services.runner.enqueue('import', 'fixture', { paths: [EGOBLUR], dataset: 'faces' });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
});
test.afterAll(async () => studio.stop());

const row = (page: Page, name: string) => page.getByTestId('episode-row').filter({ hasText: name });

test('the library shows an imported clip with its thumbnail, frames and streams', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  const ego = row(page, 'egoblur_gen1_test_video');
  await expect(ego).toBeVisible();
  await expect(ego).toContainText('camera · 600');
  await expect(ego).toContainText('0:20.000');
  const thumb = ego.getByTestId('episode-thumbnail');
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(320);
  // The token left the address bar once the page had it.
  expect(page.url()).not.toContain('token=');
  await ego.click();
  await expect(page.getByTestId('streams-table')).toContainText('h264 608×1080 @ 30.00 fps');
  await page.screenshot({ path: 'test-results/screens/library.png' });
});

test('importing files from the dialog runs a job and adds the episode with its teleop streams', async ({
  page,
}) => {
  const clip = makeClip(path.join(studio.dir, 'grasp-01.mp4'), { seconds: 3, size: '320x240' });
  const csv = path.join(studio.dir, 'grasp-01.csv');
  writeFileSync(
    csv,
    [
      'timestamp,observation.state.j0,observation.state.j1,action.j0',
      ...Array.from({ length: 30 }, (_, i) => `${i / 10},${i},${-i},${i * 2}`),
    ].join('\n'),
  );
  await page.goto(studio.web.openUrl);
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-dataset').fill('grasps');
  await page.getByTestId('import-file-input').setInputFiles([clip, csv]);
  const added = row(page, 'grasp-01');
  await expect(added).toBeVisible();
  await expect(added).toContainText('camera · 30');
  await expect(added).toContainText('observation.state · 30');
  await expect(added).toContainText('grasps');
  await expect(page.getByTestId('sidebar')).toContainText('grasps');
});

test('a LeRobot dataset folder chosen in the dialog uploads with its paths, imports, and replays', async ({
  page,
}) => {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-dataset').fill('g1');
  // The folder input hands over every file with its path inside the folder (webkitRelativePath).
  await page.getByTestId('import-folder-input').setInputFiles(G1_V21);
  // The toast of the job's start shows for a few seconds, whatever the import then takes.
  await expect(
    page.getByText('Importing folder g1_pick_yellow_bottle_ep1-2 (9 files) into "g1"'),
  ).toBeVisible();
  const first = row(page, 'g1_pick_yellow_bottle_ep1-2#1');
  await expect(first).toBeVisible({ timeout: 60_000 });
  await expect(first).toContainText('observation.images.cam_high · 393');
  await expect(first).toContainText('observation.state · 393');
  await expect(row(page, 'g1_pick_yellow_bottle_ep1-2#2')).toContainText('action · 343');
  await expect(page.getByTestId('sidebar')).toContainText('g1');
  await page.screenshot({ path: 'test-results/screens/library-lerobot.png' });

  const id = studio.services.ws.db
    .prepare("SELECT id FROM episodes WHERE name = 'g1_pick_yellow_bottle_ep1-2#1'")
    .pluck()
    .get() as string;
  await page.evaluate((episode) => (window.location.hash = `#/episode/${episode}`), id);
  await expect(page.getByTestId('replay-video')).toHaveCount(1);
  await expect(page.getByTestId('plot-panel').first()).toBeVisible();
  await expect
    .poll(() => page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screens/replay-lerobot.png' });
});

test('a bad file in the dialog shows the job failure naming the file', async ({ page }) => {
  const bad = path.join(studio.dir, 'broken.mp4');
  writeFileSync(bad, 'definitely not a video');
  await page.goto(studio.web.openUrl);
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-paths').fill(bad);
  await page.getByTestId('import-paths-submit').click();
  await expect(page.getByTestId('job').filter({ hasText: 'broken.mp4' })).toContainText(
    '0 imported, 1 failed',
  );
  await expect(row(page, 'broken')).toHaveCount(0);
  await page.getByTestId('job').filter({ hasText: 'broken.mp4' }).getByTestId('job-log-button').click();
  await expect(page.getByTestId('job-log')).toContainText(/error\s+.*broken\.mp4: not a readable video/);
  await page.screenshot({ path: 'test-results/screens/job-log.png' });
});

test('tags are added, undone and redone with the keyboard, and persist across a reload', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  await row(page, 'egoblur_gen1_test_video').click();
  await page.getByTestId('tag-input').fill('close-up');
  await page.getByTestId('tag-input').press('Enter');
  await expect(row(page, 'egoblur_gen1_test_video')).toContainText('close-up');
  await page.getByTestId('episode-list').focus();
  await page.keyboard.press('Control+z');
  await expect(row(page, 'egoblur_gen1_test_video')).not.toContainText('close-up');
  await page.keyboard.press('Control+Shift+z');
  await expect(row(page, 'egoblur_gen1_test_video')).toContainText('close-up');
  await page.reload();
  await expect(row(page, 'egoblur_gen1_test_video')).toContainText('close-up');
  await page.getByTestId('tag-filter').filter({ hasText: 'close-up' }).click();
  await expect(page.getByTestId('episode-count')).toHaveText('1 episode');
});

test('search narrows the list', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  await expect(page.getByTestId('episode-row').first()).toBeVisible();
  await page.keyboard.press('/');
  await page.keyboard.type('egoblur');
  await expect(page.getByTestId('episode-count')).toHaveText('1 episode');
  await page.getByTestId('search').fill('no-such-episode');
  await expect(page.getByTestId('empty-library')).toBeVisible();
});

test('ten thousand episodes stay virtualized and scroll to the end', async ({ page }) => {
  insertSyntheticEpisodes(studio.services.ws.db, 10_000, 'bulk');
  await page.goto(studio.web.openUrl);
  await page.getByTestId('dataset-item').filter({ hasText: 'bulk' }).click();
  await expect(page.getByTestId('episode-count')).toHaveText('10,000 episodes');
  expect(await page.getByTestId('episode-row').count()).toBeLessThan(60);
  await page.getByTestId('episode-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(row(page, 'bulk-000000')).toBeVisible();
  expect(await page.getByTestId('episode-row').count()).toBeLessThan(60);
  await page.screenshot({ path: 'test-results/screens/library-10k.png' });
});

test('without the token the page says how to get in', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(studio.web.url);
  await expect(page.getByTestId('app-error')).toContainText('needs the access token');
  await context.close();
});

test('the Generate dialog writes simulator demonstrations as a job with progress', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('generate-button').click();
  await page.getByTestId('generate-env').selectOption('lane');
  await page.getByTestId('generate-episodes').fill('2');
  await page.getByTestId('generate-submit').click();
  await expect(page.getByTestId('job').filter({ hasText: 'lane' }).first()).toBeVisible();
  await page.getByTestId('dataset-item').filter({ hasText: 'lane-demos' }).click();
  await expect(page.getByTestId('episode-count')).toHaveText('2 episodes');
  await expect(row(page, 'lane-mixed-s0-0001')).toContainText('observation.images.top');
  await expect(row(page, 'lane-mixed-s0-0001').getByTestId('episode-thumbnail')).toBeVisible();
});

test('a video whose frames do not all decode is marked damaged after the background check', async ({
  page,
}) => {
  // A megabyte zero-filled inside the media data: the packet index is whole, so import accepts it.
  const damaged = path.join(studio.dir, 'damaged_take.mp4');
  const bytes = readFileSync(EGOBLUR);
  bytes.fill(0, 2_000_000, 3_000_000);
  writeFileSync(damaged, bytes);
  const job = studio.services.runner.enqueue('import', 'damaged', { paths: [damaged], dataset: 'faces' });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
  await expect
    .poll(
      () => studio.services.runner.store.list(20).find((j) => j.kind === 'verify' && j.state === 'succeeded'),
      {
        timeout: 60_000,
      },
    )
    .toBeTruthy();

  await page.goto(studio.web.openUrl);
  const take = row(page, 'damaged_take');
  await expect(take.getByTestId('damaged-badge')).toBeVisible();
  await expect(row(page, 'egoblur_gen1_test_video').getByTestId('damaged-badge')).toHaveCount(0);
  await take.click();
  await expect(page.getByTestId('media-check')).toContainText(
    /camera: \d+ of 600 frames decode, \d+ decoder errors · frames not decoded: \d+–\d+/,
  );
  await page.screenshot({ path: 'test-results/screens/library-damaged.png' });
});
