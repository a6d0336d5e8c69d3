import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;
const HZ = 1000;
const ROWS = 100_000;
const END_S = (ROWS - 1) / HZ;

test.beforeAll(async () => {
  studio = await startStudio();
  // Two series streams of 100k rows (100 s at 1 kHz): the robot's state and its action.
  const lines = [
    'timestamp,observation.state.a,observation.state.b,observation.state.c,action.ramp,action.wave',
  ];
  for (let i = 0; i < ROWS; i++) {
    const t = i / HZ;
    const state = [
      10 * Math.sin((2 * Math.PI * t) / 40),
      5 * Math.cos((2 * Math.PI * t) / 25),
      t < 50 ? 0 : 3,
    ];
    const action = [t / 10, Math.sin(t)];
    lines.push(`${t.toFixed(3)},${[...state, ...action].map((v) => v.toFixed(4)).join(',')}`);
  }
  const csv = path.join(studio.dir, 'zoom-demo.csv');
  writeFileSync(csv, lines.join('\n'));
  const job = studio.services.runner.enqueue('import', 'fixture', { paths: [csv], dataset: 'plots' });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

interface Range {
  min: number;
  max: number;
}
interface Scales {
  x: Range;
  y: Range;
}

/** The ranges a plot shows, as its host element exposes them for tests. */
function scalesOf(plot: Locator): Promise<Scales> {
  return plot.locator('.plot-host').evaluate((el: HTMLElement) => {
    const d = el.dataset;
    return {
      x: { min: Number(d.xMin), max: Number(d.xMax) },
      y: { min: Number(d.yMin), max: Number(d.yMax) },
    };
  });
}

const span = (r: Range) => r.max - r.min;
/** Mouse positions are whole pixels: allow about 2 px of a plot's width or height. */
const expectNear = (actual: number, expected: number, of: Range) =>
  expect(Math.abs(actual - expected)).toBeLessThan(0.02 * span(of));

/** A point of the plotting area, given as fractions of its width and height. */
async function at(plot: Locator, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const box = (await plot.locator('.u-over').boundingBox())!;
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

async function drag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
  button?: 'middle',
) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down({ button });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up({ button });
}

test('plots zoom and pan in x and y, share time, reset, and a click still seeks', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('episode-row').filter({ hasText: 'zoom-demo' }).dblclick();
  await expect(page.getByTestId('replay')).toBeVisible();
  const plots = page.getByTestId('plot-panel');
  await expect(plots).toHaveCount(2);
  const [state, action] = [plots.first(), plots.nth(1)];
  await expect(state).toHaveAttribute('data-stream', 'observation.state');
  await expect(action).toHaveAttribute('data-stream', 'action');
  for (const p of [state, action])
    await expect(p.locator('.plot-host')).toHaveAttribute('data-rows', String(ROWS));

  const full = { state: await scalesOf(state), action: await scalesOf(action) };
  expect(full.state.x.min).toBe(0);
  expect(full.state.x.max).toBeCloseTo(END_S, 2);
  expect(full.action.x).toEqual(full.state.x);
  // y fits the data: state a spans ±10, action's ramp 0..10 and wave ±1.
  expect(full.state.y.min).toBeLessThan(-9.9);
  expect(full.state.y.max).toBeGreaterThan(9.9);
  expect(full.action.y.min).toBeLessThan(-0.99);
  expect(full.action.y.max).toBeGreaterThan(9.9);

  // Shift+wheel zooms y about the pointer, in that plot only; time stays.
  const mid = await at(state, 0.5, 0.5);
  await page.mouse.move(mid.x, mid.y);
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, -300);
  await page.keyboard.up('Shift');
  await expect.poll(async () => span((await scalesOf(state)).y)).toBeLessThan(span(full.state.y) * 0.7);
  const yZoomed = (await scalesOf(state)).y;
  expect((yZoomed.min + yZoomed.max) / 2).toBeCloseTo((full.state.y.min + full.state.y.max) / 2, 0);
  expect((await scalesOf(state)).x).toEqual(full.state.x);
  expect((await scalesOf(action)).y).toEqual(full.action.y);
  await expect(state.getByTestId('plot-fit')).toBeEnabled();
  // So does the wheel over the y axis, without Shift.
  const axis = await at(state, 0, 0.5);
  await page.mouse.move(axis.x - 20, axis.y);
  await page.mouse.wheel(0, 200);
  await expect.poll(async () => span((await scalesOf(state)).y)).toBeGreaterThan(span(yZoomed) * 1.2);
  expect((await scalesOf(state)).x).toEqual(full.state.x);
  await page.mouse.move(mid.x, mid.y);
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Shift');
  await expect.poll(async () => span((await scalesOf(state)).y)).toBeCloseTo(span(yZoomed), 6);
  const yView = (await scalesOf(state)).y;

  // The wheel zooms time about the pointer in both plots; action's free y fits the data in view.
  const quarter = await at(action, 0.25, 0.5);
  await page.mouse.move(quarter.x, quarter.y);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => span((await scalesOf(action)).x)).toBeLessThan(END_S * 0.7);
  const wheeled = await scalesOf(action);
  expect((await scalesOf(state)).x).toEqual(wheeled.x);
  expect(wheeled.x.min + (wheeled.x.max - wheeled.x.min) * 0.25).toBeCloseTo(END_S * 0.25, 0);
  expect(span(wheeled.y)).toBeLessThan(span(full.action.y));
  expect((await scalesOf(state)).y).toEqual(yView);

  // A box drag zooms both axes to the box; time follows in the other plot.
  await drag(page, await at(state, 0.2, 0.2), await at(state, 0.6, 0.7));
  const boxed = await scalesOf(state);
  const w = span(wheeled.x);
  expectNear(boxed.x.min, wheeled.x.min + 0.2 * w, wheeled.x);
  expectNear(boxed.x.max, wheeled.x.min + 0.6 * w, wheeled.x);
  expectNear(boxed.y.max, yView.max - 0.2 * span(yView), yView);
  expectNear(boxed.y.min, yView.max - 0.7 * span(yView), yView);
  expect((await scalesOf(action)).x).toEqual(boxed.x);
  await page
    .getByTestId('replay')
    .locator('.plots')
    .screenshot({ path: 'test-results/screens/plot-zoom.png' });

  // A mostly-horizontal drag zooms time only.
  await drag(page, await at(state, 0.25, 0.5), await at(state, 0.75, 0.53));
  const flat = await scalesOf(state);
  expectNear(span(flat.x), span(boxed.x) * 0.5, boxed.x);
  expect(flat.y).toEqual(boxed.y);

  // Ctrl+drag pans: the range moves with the pointer and keeps its width.
  const beforePan = await scalesOf(action);
  await page.keyboard.down('Control');
  await drag(page, await at(action, 0.6, 0.5), await at(action, 0.4, 0.3));
  await page.keyboard.up('Control');
  const panned = await scalesOf(action);
  expectNear(panned.x.min, flat.x.min + 0.2 * span(flat.x), flat.x);
  expect(span(panned.x)).toBeCloseTo(span(flat.x), 6);
  expectNear(panned.y.min, beforePan.y.min - 0.2 * span(beforePan.y), beforePan.y);
  expect(span(panned.y)).toBeCloseTo(span(beforePan.y), 6);
  expect((await scalesOf(state)).x).toEqual(panned.x);
  // So does a drag with the middle button, and neither seeks.
  const timeBefore = await page.getByTestId('time-readout').getAttribute('data-time-ns');
  await drag(page, await at(state, 0.3, 0.5), await at(state, 0.5, 0.5), 'middle');
  const middle = await scalesOf(state);
  expectNear(middle.x.min, panned.x.min - 0.2 * span(panned.x), panned.x);
  expect(span(middle.x)).toBeCloseTo(span(panned.x), 6);
  await expect(page.getByTestId('time-readout')).toHaveAttribute('data-time-ns', timeBefore!);

  // Double-click resets time everywhere and this plot's y; Fit frees the other plot's y.
  const dbl = await at(state, 0.5, 0.5);
  await page.mouse.dblclick(dbl.x, dbl.y);
  await expect.poll(() => scalesOf(state)).toEqual(full.state);
  expect((await scalesOf(action)).x).toEqual(full.action.x);
  expect((await scalesOf(action)).y).not.toEqual(full.action.y);
  await action.getByTestId('plot-fit').click();
  await expect.poll(() => scalesOf(action)).toEqual(full.action);
  await expect(action.getByTestId('plot-fit')).toBeDisabled();

  // A plain click seeks the clock to the time under the pointer and leaves the view alone.
  const click = await at(action, 0.3, 0.5);
  await page.mouse.click(click.x, click.y);
  await expect
    .poll(async () => Number(await page.getByTestId('time-readout').getAttribute('data-time-ns')) / 1e9)
    .toBeCloseTo(END_S * 0.3, 0);
  expect(await scalesOf(action)).toEqual(full.action);
});

test('while playing, zoomed plots page along with the playhead', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('episode-row').filter({ hasText: 'zoom-demo' }).dblclick();
  const plot = page.getByTestId('plot-panel').first();
  await expect(plot.locator('.plot-host')).toHaveAttribute('data-x-max', /.+/);
  // Zoom time to about the first second, then play at 8x: the playhead leaves it within a second.
  const from = await at(plot, 0.001, 0.5);
  const to = await at(plot, 0.011, 0.52);
  await drag(page, from, to);
  const zoomed = (await scalesOf(plot)).x;
  expect(span(zoomed)).toBeLessThan(5);
  await page.getByTestId('rate').selectOption('8');
  await page.getByTestId('rate').evaluate((el: HTMLElement) => el.blur());
  await page.keyboard.press('Space');
  await expect.poll(async () => (await scalesOf(plot)).x.min).toBeGreaterThan(zoomed.max);
  await page.keyboard.press('Space');
  expect(span((await scalesOf(plot)).x)).toBeCloseTo(span(zoomed), 3);
  const now = Number(await page.getByTestId('time-readout').getAttribute('data-time-ns')) / 1e9;
  const x = (await scalesOf(plot)).x;
  expect(now).toBeGreaterThanOrEqual(x.min);
  expect(now).toBeLessThanOrEqual(x.max);
});
