import { expect, type Page } from '@playwright/test';

/** The frame the DAgger labelling screen shows. */
export const frameNow = async (page: Page) => Number(await page.getByTestId('label-frame').textContent());

/** N: the next unlabelled frame; waits until the screen is on it (the seek is not instant). */
export async function nextUnlabelled(page: Page): Promise<number> {
  const from = await frameNow(page);
  await page.keyboard.press('n');
  await expect.poll(() => frameNow(page)).not.toBe(from);
  return frameNow(page);
}

// A live rollout can end by itself at any moment (the car leaves the lane, the task is done), and
// its Stop and takeover controls end with it: these wait for either outcome instead of checking the
// state and then acting on a control that may be gone by then.

const liveState = (page: Page) => page.getByTestId('live-view').getAttribute('data-state');

/** Stops the live rollout unless it ends by itself first; either way it is over afterwards. */
export async function stopLive(page: Page): Promise<void> {
  await expect(async () => {
    if ((await liveState(page)) === 'running') await page.getByTestId('live-stop').click({ timeout: 1_000 });
    expect(await liveState(page)).not.toBe('running');
  }).toPass({ timeout: 15_000 });
}

/** Hands control back with `press`; passes as well when the rollout ended before it could. */
export async function handBack(page: Page, press: () => Promise<void>): Promise<void> {
  if ((await liveState(page)) !== 'running') return;
  await press();
  await expect
    .poll(
      async () =>
        (await liveState(page)) !== 'running' ||
        (await page.getByTestId('live-takeover').getAttribute('aria-pressed', { timeout: 1_000 })) ===
          'false',
    )
    .toBe(true);
}

/**
 * Starts live rollouts until one lasts long enough for the expert to drive a step of it: after
 * `minSteps` steps of the policy, `takeOver` takes over. Each live rollout starts from a new seed,
 * and the policy drives some off the lane within a second or two, before a takeover reaches them;
 * an expert would then start another, and so does this, five times at most.
 */
export async function liveTakeover(
  page: Page,
  minSteps: number,
  takeOver: () => Promise<void>,
): Promise<void> {
  const live = page.getByTestId('live-view');
  const attr = async (name: string) => ((await live.count()) > 0 ? live.getAttribute(name) : null);
  const over = async () => !['queued', 'running'].includes((await attr('data-state')) ?? 'queued');
  for (let attempt = 1; attempt <= 5; attempt++) {
    const before = await attr('data-job');
    await page.getByTestId('start-live').click();
    await expect.poll(async () => (await attr('data-job')) ?? before).not.toBe(before);
    // A rollout ends by itself within its step limit (the lane's 600 steps take a minute).
    const ended = { timeout: 75_000 };
    await expect
      .poll(async () => (await over()) || Number(await attr('data-steps')) > minSteps, ended)
      .toBe(true);
    if (await over()) continue;
    await takeOver();
    await expect
      .poll(async () => (await over()) || Number(await attr('data-expert-steps')) > 0, ended)
      .toBe(true);
    if (Number(await attr('data-expert-steps')) > 0) return;
  }
  throw new Error('five live rollouts in a row ended before the expert could drive a step of them');
}
