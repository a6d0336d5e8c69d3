import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readout, settledFrame } from './videoFrames';
import { startStudio } from './studioHost';

const MCAP = path.resolve('tests/fixtures/mcap/g1_ep1_3s_ros1_zstd.mcap');
let studio: Awaited<ReturnType<typeof startStudio>>;

test.beforeAll(async () => {
  studio = await startStudio();
  const job = studio.services.runner.enqueue('import', 'mcap', { paths: [MCAP], dataset: 'g1' });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

test('an MCAP log replays its camera at the message times, with its joints plotted', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  const row = page.getByTestId('episode-row').filter({ hasText: 'g1_ep1_3s_ros1_zstd' });
  await expect(row).toContainText('cam_high/image_raw/compressed · 30');
  await expect(row).toContainText('joint_states · 90');
  await row.dblclick();
  await expect(page.getByTestId('replay')).toBeVisible();
  expect(await settledFrame(page)).toBe(0);
  // The camera runs at 10 Hz beside 30 Hz joints: three steps of the clock's stream move one image.
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  const frame = await settledFrame(page);
  expect(frame).toBeGreaterThan(0);
  await expect(readout(page)).toContainText('frame');
  await page.screenshot({ path: 'test-results/screens/mcap-replay.png' });
});
