import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dispatch, type CallInput, type CallName, type CallOutput } from '../../src/common/api';
import { startStudio } from './studioHost';

// The triage screen on a small `mixed` lane dataset rendered by the generate job: scores computed
// from the screen, sorting, a brushed histogram that selects, a flagged span replayed, two episodes
// compared, a rejection undone and made again, and training and an export leaving it out.
let studio: Awaited<ReturnType<typeof startStudio>>;
const SCREENS = 'test-results/screens';

test.beforeAll(async () => {
  studio = await startStudio();
  const { runner, handlers } = studio.services;
  const job = runner.enqueue('generate', 'fixture', {
    env: 'lane',
    episodes: 12,
    seed: 4,
    skill: 'mixed',
    dataset: 'lane',
    render: true,
  });
  expect((await runner.waitFor(job.id)).state).toBe('succeeded');
  // A small learned score keeps the quality job to seconds.
  await dispatch(handlers, 'setQualitySettings', {
    dataset: 'lane',
    settings: { learned: { enabled: true, folds: 3, epochs: 2, hidden: [16], seed: 0 } },
  });
  mkdirSync(SCREENS, { recursive: true });
});
test.afterAll(async () => studio.stop());

/** A contract call made by the page over the web host, as the renderer's client makes it. */
async function pageCall<K extends CallName>(
  page: Page,
  name: K,
  input: CallInput<K>,
): Promise<CallOutput<K>> {
  return page.evaluate(
    async ([n, i]) => {
      const res = await fetch(`/api/${n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(i),
        credentials: 'same-origin',
      });
      const body: unknown = await res.json();
      if (!res.ok) throw new Error(`${n}: ${JSON.stringify(body)}`);
      return body;
    },
    [name, input] as const,
  ) as Promise<CallOutput<K>>;
}

async function waitForJob(page: Page, jobId: string): Promise<CallOutput<'listJobs'>[number]> {
  let job: CallOutput<'listJobs'>[number] | undefined;
  await expect
    .poll(
      async () => {
        job = (await pageCall(page, 'listJobs', { limit: 50 })).find((j) => j.id === jobId);
        return job?.state;
      },
      { timeout: 90_000 },
    )
    .toMatch(/succeeded|failed|cancelled/);
  expect(job!.error).toBeNull();
  return job!;
}

async function rowScores(page: Page): Promise<number[]> {
  return (
    await page.getByTestId('triage-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-score')))
  ).map(Number);
}

async function selectedIds(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid=triage-row][data-selected="1"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
}

async function rejectedIds(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid=triage-row][data-decision="reject"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
}

test('triage: score, sort, replay a flag, compare, brush, reject, undo, and training and export leave it out', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(studio.web.openUrl);
  await expect(page.getByTestId('episode-count')).toHaveText('12 episodes');
  await page.screenshot({ path: `${SCREENS}/triage-library.png` });
  await page.getByTestId('triage-button').click();
  await expect(page).toHaveURL(/#\/quality\/lane$/);
  await expect(page.getByTestId('triage-screen')).toBeVisible();
  await expect(page.getByTestId('triage-row')).toHaveCount(12);
  await expect(page.getByTestId('quality-freshness')).toHaveAttribute('data-stale', '1');

  // Scores computed from the screen, with progress, until nothing is stale.
  await page.getByTestId('run-quality').click();
  await expect(page.getByTestId('quality-freshness')).toHaveAttribute('data-stale', '0', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('sparkline')).toHaveCount(12);
  await expect(page.locator('.triage-row img')).toHaveCount(12);

  // Worst first; the score header reverses, a signal sorts by its contribution.
  let scores = await rowScores(page);
  expect(new Set(scores).size).toBeGreaterThan(1);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  await page.getByTestId('sort-score').click();
  await expect(page.getByTestId('triage-list')).toHaveAttribute('data-descending', '0');
  scores = await rowScores(page);
  expect(scores).toEqual([...scores].sort((a, b) => a - b));
  await page.getByTestId('sort-score').click();
  await expect(page.getByTestId('triage-list')).toHaveAttribute('data-descending', '1');
  scores = await rowScores(page);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  await page.screenshot({ path: `${SCREENS}/triage-sorted.png` });

  // A flag replays exactly its span, looped, in the embedded player.
  const flag = page.getByTestId('flag-chip').first();
  await expect(flag).toBeVisible();
  const from = Number(await flag.getAttribute('data-start-ns')) / 1e9;
  const to = Number(await flag.getAttribute('data-end-ns')) / 1e9;
  await flag.click();
  const loop = page.getByTestId('span-loop');
  await expect(loop).toBeVisible();
  const loopStart = Number(await loop.getAttribute('data-start-ns')) / 1e9;
  const loopEnd = Number(await loop.getAttribute('data-end-ns')) / 1e9;
  expect(loopStart).toBeLessThanOrEqual(from + 0.01);
  expect(loopEnd).toBeGreaterThanOrEqual(Math.min(to - 0.01, loopStart + 0.5));
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', '1');
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(150);
    const t = Number(await page.getByTestId('time-readout').getAttribute('data-time-ns')) / 1e9;
    expect(t).toBeGreaterThanOrEqual(loopStart - 1e-6);
    expect(t).toBeLessThanOrEqual(loopEnd + 1e-6);
  }
  await page.screenshot({ path: `${SCREENS}/triage-flag.png` });

  // Two episodes side by side on one clock.
  const rows = page.getByTestId('triage-row');
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Control'] });
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('span-player')).toHaveCount(2);
  await expect(page.getByTestId('replay-video')).toHaveCount(2);
  const players = page.getByTestId('span-player');
  for (const p of await players.all())
    await expect(p.locator('.plot-host')).toHaveAttribute('data-rows', /^[1-9]/);
  // Paused, the second shows the first's time moved from the first's span start to its own.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', '0');
  await page.getByTestId('span-viewer').getByTitle('Next frame (→ or .)').click();
  const durations = new Map(
    (await pageCall(page, 'qualityReport', { dataset: 'lane' })).episodes.map((e) => [e.id, e.durationNs]),
  );
  const [lead, follow] = await players.evaluateAll((ps) =>
    ps.map((p) => ({
      id: p.getAttribute('data-episode')!,
      start: Number(p.getAttribute('data-span-start-ns')),
      t: Number(p.querySelector('[data-testid=span-time]')!.getAttribute('data-time-ns')),
    })),
  );
  const expected = Math.min(durations.get(follow!.id)!, lead!.t + follow!.start - lead!.start);
  expect(Math.abs(follow!.t - expected)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: `${SCREENS}/triage-compare.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('span-viewer')).toHaveCount(0);

  // Keyboard-first: Esc clears the selection, arrows move, Shift+arrows extend.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('selection-count')).toHaveText('Nothing selected');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  const ids = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-id')!));
  expect(await selectedIds(page)).toEqual(ids.slice(1, 4));

  // Brushing the upper half of the score histogram selects the worst episodes.
  const plot = page.locator('[data-testid=histogram][data-measure=score] [data-testid=histogram-plot]');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const brushed = await selectedIds(page);
  expect(brushed.length).toBeGreaterThan(0);
  expect(brushed.length).toBeLessThan(12);
  scores = await rowScores(page);
  const flags = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-selected') === '1'));
  // The worst is in it, and every selected episode scores at least as badly as every other.
  expect(flags[0]).toBe(true);
  const minSelected = Math.min(...scores.filter((_, i) => flags[i]));
  const maxOther = Math.max(...scores.filter((_, i) => !flags[i]));
  expect(minSelected).toBeGreaterThan(maxOther);
  await expect(page.getByTestId('selection-count')).toHaveText(`${brushed.length} selected`);
  await page.screenshot({ path: `${SCREENS}/triage-brushed.png` });

  // Reject (R), undo (Ctrl+Z), redo (Ctrl+Shift+Z), undo, reject again with a note from the bar.
  await page.keyboard.press('r');
  await expect.poll(() => rejectedIds(page)).toEqual(brushed);
  await page.keyboard.press('Control+z');
  await expect.poll(() => rejectedIds(page)).toEqual([]);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => rejectedIds(page)).toEqual(brushed);
  await page.keyboard.press('Control+z');
  await expect.poll(() => rejectedIds(page)).toEqual([]);
  await page.getByTestId('decision-note').fill('hesitant, jerky');
  await page.getByTestId('decide-reject').click();
  await expect.poll(() => rejectedIds(page)).toEqual(brushed);
  await expect(rows.filter({ has: page.locator('.note-mark') })).toHaveCount(brushed.length);
  await page.screenshot({ path: `${SCREENS}/triage-rejected.png` });

  const report = await pageCall(page, 'qualityReport', { dataset: 'lane' });
  expect(
    report.episodes
      .filter((e) => e.decision === 'reject')
      .map((e) => e.id)
      .sort(),
  ).toEqual([...brushed].sort());
  // Each decision and the undo are audit events naming the user.
  const audit = (await pageCall(page, 'listAudit', { limit: 500 })).items;
  for (const id of brushed) {
    const events = audit.filter((a) => a.episodeId === id && a.action.startsWith('quality.'));
    expect(events.map((a) => a.action).sort()).toEqual([
      'quality.decide',
      'quality.decide',
      'quality.restore',
      'quality.restore',
      'quality.restore',
    ]);
    for (const a of events) expect(a.actor).not.toBe('');
  }

  // Training and an export with their defaults leave the rejected episodes out.
  const train = await pageCall(page, 'startTraining', {
    policy: 'bc-mlp',
    dataset: 'lane',
    epochs: 1,
    batchSize: 64,
  });
  await waitForJob(page, train.jobId);
  const model = (await pageCall(page, 'listModels', {})).find((m) => m.jobId === train.jobId)!;
  expect(model.dataset.episodeIds).toHaveLength(12 - brushed.length);
  for (const id of brushed) expect(model.dataset.episodeIds).not.toContain(id);

  const out = path.join(studio.dir, 'export-lane');
  const exp = await pageCall(page, 'exportDataset', { dataset: 'lane', out });
  const done = await waitForJob(page, exp.jobId);
  const exported = (done.result as { episodes: { id: string }[] }).episodes.map((e) => e.id);
  expect(exported).toHaveLength(12 - brushed.length);
  for (const id of brushed) expect(exported).not.toContain(id);

  // Weights from the settings panel: leaving the learned score out changes the scores at once.
  const before = await rowScores(page);
  await page.getByTestId('quality-settings-button').click();
  await page.getByTestId('weight-learned').fill('0');
  await page.screenshot({ path: `${SCREENS}/triage-weights.png` });
  await page.getByTestId('save-quality-settings').click();
  await expect
    .poll(async () => (await pageCall(page, 'getQualitySettings', { dataset: 'lane' })).weights.learned)
    .toBe(0);
  await expect.poll(() => rowScores(page)).not.toEqual(before);
  await page.getByTestId('quality-settings-button').click();
  await expect(page.getByTestId('quality-settings')).toHaveCount(0);

  // New episodes are listed unscored and the scores are marked stale; the quality job is queued by
  // itself (after a short quiet time) and scores them without the user asking.
  const more = await pageCall(page, 'generateDemos', {
    env: 'lane',
    episodes: 2,
    seed: 9,
    skill: 'mixed',
    dataset: 'lane',
    render: false,
  });
  await waitForJob(page, more.jobId);
  await expect(rows).toHaveCount(14);
  await expect(page.getByTestId('sparkline')).toHaveCount(14);
  const auto = async () =>
    (await pageCall(page, 'listJobs', { limit: 50 })).find(
      (j) => j.kind === 'quality' && j.title === 'Quality of lane (its episodes changed)',
    );
  await expect.poll(async () => (await auto())?.state, { timeout: 90_000 }).toBe('succeeded');
  await expect(page.getByTestId('quality-freshness')).toHaveAttribute('data-stale', '0', { timeout: 30_000 });
  await expect(page.locator('.triage-row .chip.stale')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/triage-refreshed.png` });
});

test('triage: a flag kind seen several times in an episode is one chip, and its replay steps through the spans', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Worse arm operators hesitate at the task's decision points and pause at random, so their
  // episodes carry several long pauses each.
  const { runner, handlers } = studio.services;
  const job = runner.enqueue('generate', 'fixture', {
    env: 'arm',
    episodes: 2,
    seed: 3,
    skill: 'worse',
    dataset: 'arm',
    render: false,
  });
  expect((await runner.waitFor(job.id)).state).toBe('succeeded');
  await dispatch(handlers, 'setQualitySettings', {
    dataset: 'arm',
    settings: { learned: { enabled: false, folds: 3, epochs: 2, hidden: [16], seed: 0 } },
  });
  await page.goto(`${studio.web.openUrl}#/quality/arm`);
  await expect(page.getByTestId('triage-row')).toHaveCount(2);
  await page.getByTestId('run-quality').click();
  await expect(page.getByTestId('quality-freshness')).toHaveAttribute('data-stale', '0', {
    timeout: 60_000,
  });

  const chip = page.locator('[data-testid=flag-chip]:not([data-count="1"])').first();
  await expect(chip).toBeVisible();
  const kind = (await chip.getAttribute('data-kind'))!;
  const count = Number(await chip.getAttribute('data-count'));
  expect(count).toBeGreaterThan(1);
  await expect(chip).toHaveText(`${kind} ×${count}`);
  // One chip per kind in the row, and its title lists each span (at most six).
  const rowId = await chip.evaluate((el) => el.closest('[data-testid=triage-row]')!.getAttribute('data-id'));
  const row = page.locator(`[data-testid=triage-row][data-id="${rowId}"]`);
  await expect(row.locator(`[data-testid=flag-chip][data-kind=${kind}]`)).toHaveCount(1);
  const starts = [...(await chip.getAttribute('title'))!.matchAll(/\(([\d.]+)–[\d.]+ s\)/g)].map((m) =>
    Number(m[1]),
  );
  expect(starts).toHaveLength(Math.min(count, 6));

  const loopStart = async () =>
    Number(await page.getByTestId('span-loop').getAttribute('data-start-ns')) / 1e9;
  await chip.click();
  await expect(page.getByTestId('span-step')).toHaveText(`1 of ${count}`);
  expect(await loopStart()).toBeCloseTo(starts[0]!, 2);
  await expect(page.getByTestId('span-prev')).toBeDisabled();
  await page.keyboard.press(']');
  await expect(page.getByTestId('span-step')).toHaveText(`2 of ${count}`);
  await expect.poll(loopStart).toBeCloseTo(starts[1]!, 2);
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', '1');
  await page.screenshot({ path: `${SCREENS}/triage-flag-steps.png` });
  await page.getByTestId('span-prev').click();
  await expect(page.getByTestId('span-step')).toHaveText(`1 of ${count}`);
  await expect.poll(loopStart).toBeCloseTo(starts[0]!, 2);
  await page.keyboard.press('[');
  await expect(page.getByTestId('span-step')).toHaveText(`1 of ${count}`);
});
