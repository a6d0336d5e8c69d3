import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { canvasStats, countPixels } from './canvasPixels';
import { greyFrames, readout, replayVideo, settledFrame, shownFrame, type ClipFrames } from './videoFrames';
import { FPS, SECONDS, writeSo101Recording } from './replayFixture';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;
/** Every frame of the clip decoded by ffmpeg, 64x36 grey, to tell which frame the page shows. */
let thumbs: ClipFrames;

test.beforeAll(async () => {
  studio = await startStudio();
  const files = writeSo101Recording(studio.dir, 'so101-pick');
  const job = studio.services.runner.enqueue('import', 'fixture', { paths: files, dataset: 'arm' });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
  thumbs = greyFrames(files[0]!);
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

async function openReplay(page: Page): Promise<void> {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('episode-row').filter({ hasText: 'so101-pick' }).dblclick();
  await expect(page).toHaveURL(/#\/episode\//);
  await expect(page.getByTestId('replay')).toBeVisible();
}

async function clickScrubber(page: Page, fraction: number): Promise<void> {
  const box = (await page.getByTestId('scrubber').boundingBox())!;
  await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
}

test('a seek and frame steps show exactly the frame at the clock; playing moves it on', async ({ page }) => {
  await openReplay(page);
  expect(await settledFrame(page)).toBe(0);
  // Paused frames are decoded with WebCodecs and drawn over the video.
  await expect(replayVideo(page)).toHaveAttribute('data-renderer', 'webcodecs');

  await clickScrubber(page, 0.37);
  const t = Number(await readout(page).getAttribute('data-time-ns'));
  const frame = await settledFrame(page);
  // Frames of a constant-rate clip sit at k / fps: the one shown is the latest at or before t.
  expect(frame).toBe(Math.floor((t * FPS) / 1e9 + 1e-6));
  const mediaTime = Number(await replayVideo(page).getAttribute('data-media-time'));
  expect(Math.abs(mediaTime - frame / FPS)).toBeLessThan(0.002);
  expect(await shownFrame(page, thumbs)).toBe(frame);

  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  expect(await settledFrame(page)).toBe(frame + 3);
  await page.keyboard.press(',');
  expect(await settledFrame(page)).toBe(frame + 2);
  expect(await shownFrame(page, thumbs)).toBe(frame + 2);
  await expect(readout(page)).toContainText(`frame ${frame + 2} / ${SECONDS * FPS - 1}`);

  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', '1');
  await page.waitForTimeout(700);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', '0');
  expect(await settledFrame(page)).toBeGreaterThan(frame + 8);

  // The plot got every row of the joint states.
  await expect(page.getByTestId('plot-panel').locator('.plot-host')).toHaveAttribute(
    'data-rows',
    String(SECONDS * 50),
  );
});

test('holding a step key steps on at the clip rate with no more key events, and stops on release', async ({
  page,
}) => {
  await openReplay(page);
  await clickScrubber(page, 0.2);
  const from = await settledFrame(page);
  // Two keydowns, the second a repeat, as a held key sends; then no more events until the release.
  await page.keyboard.down('.');
  await page.keyboard.down('.');
  await expect
    .poll(async () => Number(await readout(page).getAttribute('data-frame')))
    .toBeGreaterThan(from + 5);
  await page.keyboard.up('.');
  const stopped = await settledFrame(page);
  await page.waitForTimeout(300);
  expect(await settledFrame(page)).toBe(stopped);
  expect(await shownFrame(page, thumbs)).toBe(stopped);
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', '0');
  // Held backwards, through the decoded stills.
  await page.keyboard.down(',');
  await page.keyboard.down(',');
  await expect
    .poll(async () => Number(await readout(page).getAttribute('data-frame')))
    .toBeLessThan(stopped - 5);
  await page.keyboard.up(',');
  const back = await settledFrame(page);
  expect(await shownFrame(page, thumbs)).toBe(back);
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', '0');
});

test('the 3D view renders the SO-101 arm from the URDF meshes; opening the episode is one call', async ({
  page,
}) => {
  await page.goto(studio.web.openUrl);
  const row = page.getByTestId('episode-row').filter({ hasText: 'so101-pick' });
  await expect(row).toBeVisible();
  const calls: string[] = [];
  page.on('request', (r) => {
    const call = /^\/api\/(\w+)$/.exec(new URL(r.url()).pathname)?.[1];
    if (call) calls.push(call);
  });
  const id = await row.getAttribute('data-episode-id');
  await page.evaluate((episode) => (window.location.hash = `#/episode/${episode}`), id);
  const canvas = page.getByTestId('scene-canvas');
  await expect(canvas).toHaveAttribute('data-robot-loaded', '1');
  await expect(page.getByTestId('plot-panel').first().locator('.plot-host')).toHaveAttribute(
    'data-rows',
    /\d+/,
  );
  // The episode, its rig, segments, trim, labels and trail came in one answer; the rest is media.
  expect(calls).toEqual(['openEpisode']);
  await clickScrubber(page, 0.6);
  await settledFrame(page);
  const pixels = await canvasStats(canvas);
  expect(pixels.colours).toBeGreaterThan(20);
  expect(pixels.orange).toBeGreaterThan(pixels.total * 0.005);
  expect(pixels.trail).toBeGreaterThan(3);
  await page.screenshot({ path: 'test-results/screens/replay.png' });
});

test('a segment made with I/O is undone, redone, labelled and kept across a reload', async ({ page }) => {
  await openReplay(page);
  await clickScrubber(page, 0.25);
  await page.keyboard.press('i');
  await clickScrubber(page, 0.6);
  await page.keyboard.press('o');
  await expect(page.getByTestId('segment')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('segment')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('segment')).toHaveCount(1);

  await page.getByTestId('segment').click();
  await page.getByTestId('segment-label').fill('reach');
  await page.getByTestId('segment-label').press('Enter');
  await page.getByTestId('segment-instruction').fill('pick up the red cube');
  await page.getByTestId('segment-instruction').press('Enter');
  await expect(page.getByTestId('segment')).toContainText('reach');

  await page.getByTestId('suggest').click();
  await expect(page.getByTestId('suggestion').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/replay-segments.png' });

  await page.reload();
  await expect(page.getByTestId('replay')).toBeVisible();
  await expect(page.getByTestId('segment')).toHaveCount(1);
  await expect(page.getByTestId('segment')).toContainText('reach');
  const episodeId = page.url().split('/').pop()!;
  await expect
    .poll(async () => (await studio.services.handlers.listSegments({ episodeId }))[0]?.instruction)
    .toBe('pick up the red cube');
  const seg = (await studio.services.handlers.listSegments({ episodeId }))[0]!;
  expect(seg.startNs / 1e9).toBeCloseTo(0.25 * SECONDS, 1);
  expect(seg.endNs / 1e9).toBeCloseTo(0.6 * SECONDS, 1);
});

test('a simulated arm episode plays in 3D with its top camera on the table; a 2D task shows no arm', async ({
  page,
}) => {
  const runner = studio.services.runner;
  for (const env of ['arm', 'pusht'] as const) {
    const job = runner.enqueue('generate', env, {
      env,
      episodes: 1,
      seed: 2,
      skill: 'better',
      dataset: `sim-${env}`,
      render: true,
    });
    expect((await runner.waitFor(job.id)).state).toBe('succeeded');
  }
  const idOf = (dataset: string) =>
    (
      studio.services.ws.db
        .prepare('SELECT e.id FROM episodes e JOIN datasets d ON d.id = e.dataset_id WHERE d.name = ?')
        .get(dataset) as { id: string }
    ).id;

  await page.goto(studio.web.openUrl);
  await page.evaluate((id) => (window.location.hash = `#/episode/${id}`), idOf('sim-arm'));
  const canvas = page.getByTestId('scene-canvas');
  await expect(canvas).toHaveAttribute('data-robot-loaded', '1');
  // The arm's top camera is mounted by the generator: its frustum shows the live image on the table.
  await expect(page.getByTestId('replay-video')).toHaveCount(1);
  await expect(canvas).toHaveAttribute('data-cameras', '1');
  await expect(canvas).toHaveAttribute('data-camera-images', '1');
  await expect.poll(() => countPixels(canvas, 'table')).toBeGreaterThan(2000);
  // The cube and the pad stand in the scene, placed from the observation's columns.
  await expect(canvas).toHaveAttribute('data-objects', '2');
  const before = Number(await readout(page).getAttribute('data-frame'));
  await page.keyboard.press('Space');
  await expect
    .poll(async () => Number(await readout(page).getAttribute('data-frame')))
    .toBeGreaterThan(before + 3);
  await page.screenshot({ path: 'test-results/screens/replay-sim-arm.png' });

  await page.evaluate((id) => (window.location.hash = `#/episode/${id}`), idOf('sim-pusht'));
  await expect(page.getByTestId('replay-video')).toHaveCount(1);
  await expect(page.getByTestId('scene-canvas')).toHaveCount(0);
});

test('trimming a whole dataset’s idle stretches from the library is undoable', async ({ page }) => {
  // Still for the first and last second, moving in between: an idle start and end to trim.
  const rows = Array.from({ length: 200 }, (_, i) => {
    const t = i / 50;
    const x = t < 1 ? 0 : t > 3 ? 1 : (t - 1) / 2;
    return `${t.toFixed(2)},${x},${x / 2},${-x}`;
  });
  const csv = path.join(studio.dir, 'idle-demo.csv');
  writeFileSync(
    csv,
    ['timestamp,observation.state.shoulder_pan,observation.state.elbow_flex,action.j', ...rows].join('\n'),
  );
  const job = studio.services.runner.enqueue('import', 'idle', { paths: [csv], dataset: 'idle-set' });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
  const trims = () =>
    (studio.services.ws.db.prepare('SELECT COUNT(*) AS n FROM episode_trims').get() as { n: number }).n;
  const before = trims();
  await page.goto(studio.web.openUrl);
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('dataset-item').filter({ hasText: 'idle-set' }).click();
  await page.getByTestId('trim-dataset').click();
  await expect(page.getByTestId('toast')).toContainText('Trimmed 1 episode');
  expect(trims()).toBe(before + 1);
  await page.getByTestId('episode-list').focus();
  await page.keyboard.press('Control+z');
  await expect.poll(trims).toBe(before);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(trims).toBe(before + 1);
});

test('a plot switches to the derived velocity of its columns, and the choice is kept', async ({ page }) => {
  await openReplay(page);
  const plot = page.getByTestId('plot-panel').filter({ hasText: 'observation.state' }).first();
  const host = plot.locator('.plot-host');
  await expect(host).toHaveAttribute('data-y-max', /.+/);
  const valueMax = Number(await host.getAttribute('data-y-max'));
  await plot.getByTestId('plot-velocity').click();
  await expect(plot).toContainText('velocity (/s)');
  // Joint angles reach about 90°; their rates stay well under that many degrees per second.
  await expect.poll(async () => Number(await host.getAttribute('data-y-max'))).not.toBeCloseTo(valueMax, 0);
  await page.screenshot({ path: 'test-results/screens/replay-velocity.png' });
  await page.reload();
  await expect(page.getByTestId('plot-panel').filter({ hasText: 'velocity (/s)' })).toHaveCount(1);
  await page
    .getByTestId('plot-panel')
    .filter({ hasText: 'velocity (/s)' })
    .getByTestId('plot-velocity')
    .click();
  await expect(page.getByTestId('plot-panel').filter({ hasText: 'velocity (/s)' })).toHaveCount(0);
});

test('the episode is tagged from the replay screen (undoable), and ] jumps to an in mark', async ({
  page,
}) => {
  await openReplay(page);
  const tagsOf = () =>
    (
      studio.services.ws.db
        .prepare(
          `SELECT group_concat(t.tag) AS tags FROM tags t JOIN episodes e ON e.id = t.episode_id WHERE e.name = 'so101-pick'`,
        )
        .get() as { tags: string | null }
    ).tags;
  const input = page.getByTestId('replay').getByTestId('tag-input');
  await input.fill('flagged');
  await input.press('Enter');
  await expect(page.getByTestId('tag-editor')).toContainText('flagged');
  expect(tagsOf()).toContain('flagged');
  await input.evaluate((el: HTMLElement) => el.blur());
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('tag-editor')).not.toContainText('flagged');
  expect(tagsOf() ?? '').not.toContain('flagged');

  await clickScrubber(page, 0.5);
  const markNs = Number(await readout(page).getAttribute('data-time-ns'));
  await page.keyboard.press('i');
  await clickScrubber(page, 0.1);
  const fromNs = Number(await readout(page).getAttribute('data-time-ns'));
  // Each ] stops at the next segment edge or mark: segments from earlier tests may come first.
  const edges = (
    studio.services.ws.db
      .prepare(
        `SELECT s.start_ns AS a, s.end_ns AS b FROM segments s JOIN episodes e ON e.id = s.episode_id WHERE e.name = 'so101-pick'`,
      )
      .all() as { a: number; b: number }[]
  ).flatMap((r) => [r.a, r.b]);
  const stops = [...new Set([markNs, ...edges])].filter((t) => t > fromNs + 1e6 && t <= markNs);
  for (const stop of stops.sort((a, b) => a - b)) {
    await page.keyboard.press(']');
    await expect(readout(page)).toHaveAttribute('data-time-ns', String(stop));
  }
});
