import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { dispatch, type CallInput, type CallName, type CallOutput } from '../../src/common/api';
import { frameNow, handBack, liveTakeover, nextUnlabelled, stopLive } from './daggerScreen';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;
let runId: string;
let rollout: string;

const call = <K extends CallName>(name: K, input: CallInput<K>) =>
  dispatch(studio.services.handlers, name, input) as Promise<CallOutput<K>>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  studio = await startStudio();
  // A tiny run: the oracle's demonstration, then one iteration of two rollouts with 12 frames
  // labelled by uncertainty, so most of each rollout is left for the expert.
  const { jobId } = await call('startDagger', {
    env: 'lane',
    iterations: 1,
    rollouts: 2,
    initDemos: 1,
    select: 'uncertain',
    budget: 12,
    seed: 3,
    evalEpisodes: 2,
    steps: 200,
  });
  expect((await studio.services.runner.waitFor(jobId)).state).toBe('succeeded');
  const [run] = await call('listDaggerRuns', {});
  runId = run!.id;
  rollout = run!.iterations[1]!.episodeIds[0]!;
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

/** Drags on the steering bar from `a` to `b` (fractions of its width, left to right). */
async function steer(page: Page, a: number, b: number): Promise<void> {
  const box = (await page.getByTestId('steering-bar').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * a, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 3 });
  await page.mouse.move(box.x + box.width * b, y, { steps: 3 });
  await page.mouse.up();
}

test('an expert labels a rollout with keys and the mouse, undoes, and queues a retrain', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(studio.web.openUrl);
  await page.getByTestId('dagger-tab').click();
  const card = page.getByTestId('dagger-run').filter({ hasText: runId });
  await expect(card.getByTestId('iteration')).toHaveCount(2);
  await expect(card.getByTestId('iteration-labels').last()).toHaveText('24 labels (+12)');
  await page.screenshot({ path: 'test-results/screens/dagger-runs.png' });
  await card.getByTestId('open-run').click();
  await page.locator(`[data-testid=rollout][data-episode="${rollout}"]`).click();
  await expect(page).toHaveURL(new RegExp(`#/dagger/${runId}\\?episode=${rollout}`));
  const oracle = await call('getEpisodeLabels', { episodeId: rollout });
  expect(oracle.labeler).toBe('oracle');
  const progress = page.getByTestId('label-progress');
  await expect(progress).toHaveAttribute('data-labelled', String(oracle.labelled));
  // The labels are drawn over the action plot, and the ranking arrives on the timeline.
  await expect(page.locator('[data-testid=plot-panel][data-stream=action]')).toHaveAttribute(
    'data-overlay',
    String(oracle.labelled * oracle.columns.length),
  );
  await expect(page.getByTestId('label-timeline')).toHaveAttribute('data-ranked', 'yes', { timeout: 60_000 });

  // N: the first unlabelled frame; a keyframe steered by the mouse, then one five frames on.
  const first = await nextUnlabelled(page);
  await steer(page, 0.5, 0.25);
  await expect(page.getByTestId('control-value-steer')).toHaveText(/^0\.25\d rad$/);
  await page.keyboard.press('k');
  await expect(progress).not.toHaveAttribute('data-labelled', String(oracle.labelled));
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => frameNow(page)).toBe(first + 5);
  await steer(page, 0.25, 0.75);
  await page.keyboard.press('k');
  await expect
    .poll(async () => (await call('getEpisodeLabels', { episodeId: rollout })).history.length)
    .toBe(3);
  const keyed = await call('getEpisodeLabels', { episodeId: rollout });
  const dims = keyed.columns.length;
  const steerAt = (f: number) => keyed.values[f * dims]!;
  expect(steerAt(first)).toBeCloseTo(0.25, 2);
  expect(steerAt(first + 5)).toBeCloseTo(-0.25, 2);
  // Linear between the keyframes.
  expect(steerAt(first + 2)).toBeCloseTo(0.25 - 0.5 * (2 / 5), 2);
  expect(keyed.mask.slice(first, first + 6)).toEqual([1, 1, 1, 1, 1, 1]);
  expect(keyed.classes[first + 3]).toBe(2);
  expect(keyed.policyVersion).toBe(`model_${runId.replace(/^dagger_/, '')}_i0`);
  await expect(progress).toHaveAttribute('data-labelled', String(keyed.labelled));
  await page.screenshot({ path: 'test-results/screens/dagger-keyframes.png' });

  // U: the most uncertain unlabelled frame; I, three frames, O, then A accepts the policy there.
  await page.keyboard.press('u');
  const u = await frameNow(page);
  expect(keyed.mask[u]).toBe(0);
  await page.keyboard.press('i');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('o');
  await expect(page.getByTestId('label-span')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/dagger-span.png' });
  await page.keyboard.press('a');
  await expect(page.getByTestId('label-span')).toHaveCount(0);
  await expect
    .poll(async () => (await call('getEpisodeLabels', { episodeId: rollout })).history.length)
    .toBe(4);
  const accepted = await call('getEpisodeLabels', { episodeId: rollout });
  const end = Math.min(u + 3, accepted.frames - 1);
  for (let f = u; f <= end; f++) {
    expect(accepted.mask[f]).toBe(1);
    expect(accepted.classes[f]).toBe(1);
    expect(accepted.values[f * dims]).toBeCloseTo(accepted.policyActions[f * dims]!, 5);
  }
  await expect(progress).toHaveAttribute('data-labelled', String(accepted.labelled));

  // Ctrl+Z takes the accepted span back.
  await page.keyboard.press('Control+z');
  await expect(progress).toHaveAttribute('data-labelled', String(keyed.labelled));
  const undone = await call('getEpisodeLabels', { episodeId: rollout });
  expect(undone.mask).toEqual(keyed.mask);
  expect(undone.history.length).toBe(5);
  const { items } = await call('listAudit', { episodeId: rollout, limit: 10 });
  expect(items.map((a) => a.action)).toEqual([
    'dagger.restore-labels',
    'dagger.accept-policy',
    'dagger.label-frames',
    'dagger.label-frames',
  ]);

  // Opened again, the labels are the ones written.
  await page.reload();
  await expect(progress).toHaveAttribute('data-labelled', String(keyed.labelled));
  await expect(page.getByTestId('labelled-by')).toContainText(items[0]!.actor);
  await page.screenshot({ path: 'test-results/screens/dagger-reopened.png' });

  // Retrain with the labels: the job is listed and adds an iteration with the expert's labels.
  await page.getByTestId('retrain').click();
  const job = page.locator('[data-testid=dagger-job][data-kind=dagger-retrain]');
  await expect(job).toHaveCount(1);
  await expect(job).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });
  const sidebar = page.getByTestId('iteration');
  await expect(sidebar).toHaveCount(3);
  await expect(sidebar.last().getByTestId('iteration-labels')).toHaveText(
    `${24 + keyed.labelled - oracle.labelled} labels (+${keyed.labelled - oracle.labelled})`,
  );
  await page.screenshot({ path: 'test-results/screens/dagger-retrained.png' });
});

test('an expert takes over a live rollout and hands it back; the takeover is labelled', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${studio.web.openUrl}#/dagger/${runId}`);
  const live = page.getByTestId('live-view');
  // Steering with the mouse takes over; T hands back.
  await liveTakeover(page, 5, () => steer(page, 0.5, 0.4));
  await expect(page.getByTestId('live-takeover')).toHaveAttribute('aria-pressed', 'true');
  const from = Number(await live.getAttribute('data-steps'));
  const state = () => live.getAttribute('data-state');
  // The expert drives a few steps, unless the car leaves the lane first (each live rollout starts
  // from a new seed, and the policy may already have it near the edge).
  await expect
    .poll(
      async () => (await state()) !== 'running' || Number(await live.getAttribute('data-steps')) > from + 5,
    )
    .toBe(true);
  await page.screenshot({ path: 'test-results/screens/dagger-live.png' });
  await handBack(page, () => page.keyboard.press('t'));
  // The policy drives on until Stop, unless the episode ends first (it leaves the lane).
  const back = Number(await live.getAttribute('data-steps'));
  await expect
    .poll(
      async () => (await state()) === 'succeeded' || Number(await live.getAttribute('data-steps')) > back + 3,
    )
    .toBe(true);
  await stopLive(page);
  await expect(live).toHaveAttribute('data-state', 'succeeded');

  await page.getByTestId('live-result').click();
  await expect(page.getByTestId('labeling')).toBeVisible();
  const episodeId = (await page.getByTestId('labeling').getAttribute('data-episode'))!;
  const labels = await call('getEpisodeLabels', { episodeId });
  expect(labels.labeler).toBe('human');
  expect(labels.labelled).toBeGreaterThan(0);
  const taken = labels.mask.flatMap((m, f) => (m ? [f] : []));
  // One takeover: a contiguous span, classed intervention, with pre-intervention frames before it.
  expect(taken.at(-1)! - taken[0]! + 1).toBe(taken.length);
  expect(labels.classes[taken[0]!]).toBe(2);
  expect(labels.classes[taken[0]! - 1]).toBe(3);
  // The steering the drag ended on (0.1 rad, left of centre) held until the hand-back; a rollout
  // that ended within a few steps of the takeover may have stopped while the drag was on its way.
  const last = labels.values[taken.at(-1)! * labels.columns.length]!;
  if (labels.labelled > 4) expect(last).toBeCloseTo(0.1, 2);
  else expect(last >= 0 && last <= 0.1 + 1e-3, `last steering ${last}`).toBe(true);
  await expect(page.getByTestId('label-progress')).toHaveAttribute('data-labelled', String(labels.labelled));
  const { items } = await call('listAudit', { episodeId, limit: 5 });
  expect(items.map((a) => a.action)).toEqual(['dagger.takeover']);
  await expect(page.getByTestId('label-timeline')).toHaveAttribute('data-ranked', 'yes', { timeout: 60_000 });
  await page.screenshot({ path: 'test-results/screens/dagger-live-labelled.png' });
});
