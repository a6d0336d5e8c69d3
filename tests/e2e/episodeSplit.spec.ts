import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { FPS, SECONDS, writeSo101Recording } from './replayFixture';
import { startStudio } from './studioHost';
import { greyFrames, readout, settledFrame, shownFrame, type ClipFrames } from './videoFrames';

let studio: Awaited<ReturnType<typeof startStudio>>;
let frames: ClipFrames;
let originId: string;

test.beforeAll(async () => {
  studio = await startStudio();
  const files = writeSo101Recording(studio.dir, 'so101-pick');
  const job = studio.services.runner.enqueue('import', 'fixture', { paths: files, dataset: 'arm' });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
  originId = (
    await studio.services.handlers.listEpisodes({
      sort: 'created',
      offset: 0,
      limit: 10,
      includeHidden: false,
    })
  ).items[0]!.id;
  frames = greyFrames(files[0]!);
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

const rowOf = (page: Page, id: string) =>
  page.locator(`[data-testid="episode-row"][data-episode-id="${id}"]`);
const shownEpisode = (page: Page) => decodeURIComponent(/#\/episode\/([^/?#]+)/.exec(page.url())?.[1] ?? '');
const listed = async () =>
  (
    await studio.services.handlers.listEpisodes({
      sort: 'created',
      offset: 0,
      limit: 100,
      includeHidden: false,
    })
  ).items;

async function clickScrubber(page: Page, fraction: number): Promise<void> {
  const box = (await page.getByTestId('scrubber').boundingBox())!;
  await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
}

test('Shift+S splits at the frame on screen, opens the part that starts with it, and Ctrl+Z goes back', async ({
  page,
}) => {
  await page.goto(studio.web.openUrl);
  await rowOf(page, originId).dblclick();
  await expect(page.getByTestId('replay')).toBeVisible();
  await clickScrubber(page, 0.45);
  await page.keyboard.press('ArrowRight');
  const cutFrame = await settledFrame(page);
  expect(await shownFrame(page, frames)).toBe(cutFrame);

  await page.keyboard.press('Shift+S');
  await expect(page.getByTestId('toast')).toContainText('Split into 2 parts');
  await expect.poll(() => shownEpisode(page)).not.toBe(originId);
  const part = await studio.services.handlers.getEpisode({ id: shownEpisode(page) });
  expect(part.origin!.episodeId).toBe(originId);
  expect(Math.abs(part.origin!.offsetNs - (cutFrame * 1e9) / FPS)).toBeLessThan(1e5);
  expect(part.name).toMatch(/^so101-pick \d\.\d\d–4\.00 s$/);
  await expect(page.getByTestId('replay')).toContainText(part.name);

  // The part's first frame, at its t=0, is the frame that was on screen at the cut.
  await expect(readout(page)).toHaveAttribute('data-time-ns', '0');
  expect(await settledFrame(page)).toBe(0);
  expect(await shownFrame(page, frames)).toBe(cutFrame);
  const mediaTime = Number(await page.getByTestId('replay-video').getAttribute('data-media-time'));
  expect(Math.abs(mediaTime - cutFrame / FPS)).toBeLessThan(0.002);
  await page.keyboard.press('ArrowRight');
  expect(await settledFrame(page)).toBe(1);
  expect(await shownFrame(page, frames)).toBe(cutFrame + 1);
  await expect(readout(page)).toContainText(`frame 1 / ${SECONDS * FPS - cutFrame - 1}`);
  await page.screenshot({ path: 'test-results/screens/episode-split-part.png' });

  // Undo shows the original again, on the same moment of the recording.
  await page.keyboard.press('Control+z');
  await expect.poll(() => shownEpisode(page)).toBe(originId);
  await expect(page.getByTestId('toast')).toContainText('Undid: split so101-pick');
  expect(await settledFrame(page)).toBe(cutFrame + 1);
  await expect(page.getByTestId('hidden-banner')).toHaveCount(0);
  await page.getByTestId('back-to-library').click();
  await expect(rowOf(page, originId)).toBeVisible();
  await expect(page.getByTestId('episode-count')).toHaveText('1 episode');
  expect((await listed()).map((e) => e.id)).toEqual([originId]);
});

test('adjacent parts are merged from the library; parts that are not adjacent are not', async ({ page }) => {
  const split = await studio.services.handlers.splitEpisode({ episodeId: originId, atNs: [1e9, 2e9] });
  const [a, b, c] = split.created.map((p) => p.id);
  await page.goto(studio.web.openUrl);
  await expect(page.getByTestId('episode-count')).toHaveText('3 episodes');

  await rowOf(page, a!).click();
  await rowOf(page, c!).click({ modifiers: ['Control'] });
  await expect(page.getByTestId('merge-episodes')).toHaveCount(0);
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.keyboard.press('m');
  await expect(page.getByTestId('toast')).toContainText('only adjacent parts can be merged');

  await rowOf(page, a!).click();
  await rowOf(page, b!).click({ modifiers: ['Control'] });
  await expect(page.getByTestId('merge-episodes')).toHaveText('Merge 2 parts');
  await page.screenshot({ path: 'test-results/screens/episode-merge-selection.png' });
  await page.getByTestId('merge-episodes').click();
  await expect(page.getByTestId('toast')).toContainText('Merged 2 parts into “so101-pick 0.00–2.00 s”');
  await expect(page.getByTestId('episode-count')).toHaveText('2 episodes');
  await expect(rowOf(page, a!)).toHaveCount(0);
  const merged = (await listed()).find((e) => e.id !== c)!;
  expect(merged).toMatchObject({ name: 'so101-pick 0.00–2.00 s', durationNs: 2e9 });
  expect(merged.origin).toEqual({ episodeId: originId, offsetNs: 0 });
  await rowOf(page, merged.id).click();
  await expect(page.getByTestId('details-origin')).toContainText(originId);
  await page.screenshot({ path: 'test-results/screens/episode-merged.png' });

  await page.getByTestId('episode-list').focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('episode-count')).toHaveText('3 episodes');
  await expect(rowOf(page, a!)).toBeVisible();
  await expect(rowOf(page, merged.id)).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('episode-count')).toHaveText('2 episodes');
  await expect(rowOf(page, merged.id)).toBeVisible();

  // A stale link to a merged part still opens it, says what happened, and offers no split.
  await page.evaluate((id) => (window.location.hash = `#/episode/${id}`), a!);
  await expect(page.getByTestId('hidden-banner')).toContainText('A split or merge replaced this episode');
  await expect(page.getByTestId('split-episode')).toBeDisabled();
  await page.screenshot({ path: 'test-results/screens/episode-hidden.png' });
});
