import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dispatch } from '../../src/common/api';
import { seriesStream, writeEpisode } from '../../src/importers/importEpisode';
import { startStudio } from './studioHost';

// The triage list of a dataset with thousands of episodes: only the rows in view are in the DOM,
// and scrolling to the end shows the last episode.
let studio: Awaited<ReturnType<typeof startStudio>>;
const SCREENS = 'test-results/screens';
const EPISODES = 2000;
const name = (i: number) => `ep-${String(i).padStart(4, '0')}`;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  studio = await startStudio();
  const { ws, runner, handlers } = studio.services;
  // Short 2-D reaches at 10 Hz (series only), each a little different.
  for (let i = 0; i < EPISODES; i++) {
    const n = 12 + (i % 7);
    const timestampsNs = Float64Array.from({ length: n }, (_, k) => k * 1e8);
    const values = Float32Array.from(
      { length: n * 2 },
      (_, k) => ((k >> 1) / n) * (k % 2 ? 1 + (i % 5) / 10 : 1),
    );
    const table = { columns: ['x', 'y'], timestampsNs, values };
    await writeEpisode(ws, 'big', {
      name: name(i),
      primary: null,
      primaryHash: null,
      streams: [seriesStream('observation.state', table), seriesStream('action', table)],
      thumbnail: null,
      metadata: {},
    });
  }
  await dispatch(handlers, 'setQualitySettings', {
    dataset: 'big',
    settings: { learned: { enabled: false, folds: 3, epochs: 1, hidden: [8], seed: 0 } },
  });
  const { jobId } = await dispatch(handlers, 'startQuality', { dataset: 'big' });
  expect((await runner.waitFor(jobId)).state).toBe('succeeded');
  mkdirSync(SCREENS, { recursive: true });
});
test.afterAll(async () => studio.stop());

test('triage: 2,000 episodes keep far fewer rows in the DOM, and the end of the list shows the last', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(`${studio.web.openUrl}#/quality/big`);
  const body = page.getByTestId('triage-body');
  await expect(body).toHaveAttribute('data-rows', String(EPISODES));
  await expect(page.getByTestId('quality-freshness')).toHaveAttribute('data-stale', '0');
  const rows = page.getByTestId('triage-row');
  await expect(rows.first()).toBeVisible();
  // Every episode's sparkline arrives in one answer; the rows in view draw theirs.
  await expect(rows.first().getByTestId('sparkline')).toBeVisible({ timeout: 60_000 });
  const inDom = await rows.count();
  expect(inDom).toBeGreaterThan(5);
  expect(inDom).toBeLessThan(80);

  // By name, A to Z: the first is ep-0000; the end of the list is ep-1999.
  await page.getByTestId('sort-name').click();
  if ((await page.getByTestId('triage-list').getAttribute('data-descending')) === '1')
    await page.getByTestId('sort-name').click();
  await expect(page.getByTestId('triage-list')).toHaveAttribute('data-descending', '0');
  await expect(rows.first().locator('.name')).toHaveText(name(0));
  await body.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = page.locator(`[data-testid=triage-row][data-index="${EPISODES - 1}"]`);
  await expect(last).toBeVisible();
  await expect(last.locator('.name')).toHaveText(name(EPISODES - 1));
  expect(await rows.count()).toBeLessThan(80);
  await page.screenshot({ path: `${SCREENS}/triage-large-end.png` });
});
