import { expect, test, type Page } from '@playwright/test';
import { insertSyntheticEpisodes } from '../../src/workspace/bulk';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;

test.beforeAll(async () => {
  studio = await startStudio();
  insertSyntheticEpisodes(studio.services.ws.db, 1, 'synthetic');
});
test.afterAll(async () => studio.stop());

/** What the page logs with console.error, as it logs it. */
function consoleErrors(page: Page): string[] {
  const logged: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && logged.push(msg.text()));
  return logged;
}

test('an episode that does not exist says so in place, and the failure is logged', async ({ page }) => {
  const logged = consoleErrors(page);
  await page.goto(studio.web.openUrl);
  await expect(page.getByTestId('episode-row')).toHaveCount(1);
  await page.evaluate(() => (window.location.hash = '#/episode/no-such-episode'));
  const error = page.getByTestId('replay-error');
  await expect(error).toContainText('Cannot open this episode: no episode no-such-episode');
  await expect.poll(() => logged.find((l) => l.startsWith('openEpisode failed:'))).toBeTruthy();
  await page.screenshot({ path: 'test-results/screens/episode-not-found.png' });
  // The way back works.
  await error.getByRole('link', { name: 'Back to the library' }).click();
  await expect(page.getByTestId('episode-row')).toHaveCount(1);
});

test('a write the studio refuses is toasted and logged, and changes nothing', async ({ page }) => {
  const logged = consoleErrors(page);
  await page.goto(studio.web.openUrl);
  const row = page.getByTestId('episode-row').first();
  await row.click();
  await page.getByTestId('tag-input').fill('left,right');
  await page.getByTestId('tag-input').press('Enter');
  const toast = page.getByTestId('toast');
  await expect(toast).toHaveAttribute('data-kind', 'error');
  await expect(toast).toContainText('a tag cannot contain commas');
  await expect.poll(() => logged.find((l) => l.startsWith('tag "left,right"'))).toContain('failed:');
  await page.screenshot({ path: 'test-results/screens/error-toast.png' });
  // It stays in the top centre, clear of the right edge where panels keep their close buttons.
  const box = (await toast.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(Math.abs(box.x + box.width / 2 - width / 2)).toBeLessThan(2);
  expect(box.x + box.width).toBeLessThan(width - 300);
  // An error shows for 8 s unless the user closes it.
  await page.getByTestId('toast-close').click();
  await expect(toast).toBeHidden();
  await expect(row).not.toContainText('left,right');
  expect((await studio.services.handlers.listTags({})).map((t) => t.tag)).not.toContain('left,right');
});
