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
