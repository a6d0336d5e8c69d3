import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dispatch, type CallInput, type CallName, type CallOutput } from '../../src/common/api';
import { writeRobotRollout } from '../helpers/robotRollout';
import { frameNow, handBack, liveTakeover, nextUnlabelled, stopLive } from './daggerScreen';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;
type Env = 'pusht' | 'arm' | 'lane';
const runs: Record<Env, { id: string; rollout: string }> = {} as never;

const call = <K extends CallName>(name: K, input: CallInput<K>) =>
  dispatch(studio.services.handlers, name, input) as Promise<CallOutput<K>>;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  studio = await startStudio();
  // Tiny runs: the oracle's demonstration and one iteration of one rollout, few labels (uncertain,
  // budget 8) so most frames are left for the expert.
  for (const env of ['pusht', 'arm', 'lane'] as const) {
    const { jobId } = await call('startDagger', {
      env,
      iterations: 1,
      rollouts: 1,
      initDemos: 1,
      select: 'uncertain',
      budget: 8,
      seed: 4,
      evalEpisodes: 1,
      steps: 80,
    });
    expect((await studio.services.runner.waitFor(jobId)).error).toBeNull();
    const run = (await call('listDaggerRuns', {})).find((r) => r.env === env)!;
    runs[env] = { id: run.id, rollout: run.iterations[1]!.episodeIds[0]! };
  }
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

async function openRollout(page: Page, env: Env): Promise<void> {
  await page.goto(`${studio.web.openUrl}#/dagger/${runs[env].id}?episode=${runs[env].rollout}`);
  await expect(page.getByTestId('labeling')).toBeVisible();
}

/** Drags on the PushT pad to the arena point (x, y): the pad shows the 512-unit arena edge to edge. */
async function dragPad(
  page: Page,
  to: readonly [number, number],
  from: readonly [number, number],
): Promise<void> {
  const box = (await page.getByTestId('pusht-pad').boundingBox())!;
  const at = (p: readonly [number, number]) =>
    [box.x + (p[0] / 512) * box.width, box.y + (p[1] / 512) * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 3 });
  await page.mouse.move(...at(to), { steps: 3 });
  await page.mouse.up();
}

test('PushT: the expert drags the agent target on the scene; keyframes interpolate between drags', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { rollout } = runs.pusht;
  await openRollout(page, 'pusht');
  const pad = page.getByTestId('pusht-pad');
  await expect(pad).toBeVisible();
  const first = await nextUnlabelled(page);
  await dragPad(page, [300, 150], [256, 256]);
  // The control is where the pointer let go, in the arena's units (a screen pixel is under 2 units).
  const target = async () => (await pad.getAttribute('data-target'))!.split(',').map(Number);
  const [x1, y1] = await target();
  expect(Math.abs(x1! - 300)).toBeLessThan(2);
  expect(Math.abs(y1! - 150)).toBeLessThan(2);
  await expect(page.getByTestId('control-value-target_x')).toHaveText(new RegExp(`^${x1!.toFixed(3)} px$`));
  await page.keyboard.press('k');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => frameNow(page)).toBe(first + 4);
  await dragPad(page, [100, 400], [300, 150]);
  const [x2, y2] = await target();
  await page.keyboard.press('k');
  await expect
    .poll(async () => (await call('getEpisodeLabels', { episodeId: rollout })).history.length)
    .toBe(3);
  const labels = await call('getEpisodeLabels', { episodeId: rollout });
  const at = (f: number) => labels.values.slice(f * 2, f * 2 + 2) as number[];
  expect(at(first)[0]).toBeCloseTo(x1!, 1);
  expect(at(first)[1]).toBeCloseTo(y1!, 1);
  expect(at(first + 4)[0]).toBeCloseTo(x2!, 1);
  // Linear between the two keyframes, as the sliders' keyframes are.
  expect(at(first + 2)[0]).toBeCloseTo((x1! + x2!) / 2, 1);
  expect(at(first + 2)[1]).toBeCloseTo((y1! + y2!) / 2, 1);
  expect(labels.classes[first + 2]).toBe(2);
  await page.screenshot({ path: 'test-results/screens/dagger-pusht-drag.png' });
  // Undo takes the second keyframe's span back.
  await page.keyboard.press('Control+z');
  await expect
    .poll(async () => (await call('getEpisodeLabels', { episodeId: rollout })).mask[first + 2])
    .toBe(0);
});

test('PushT live takeover: dragging the target takes over; the drag becomes the labels', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${studio.web.openUrl}#/dagger/${runs.pusht.id}`);
  await page.getByTestId('start-live').click();
  const live = page.getByTestId('live-view');
  await expect(live).toHaveAttribute('data-state', 'running');
  await expect.poll(async () => Number(await live.getAttribute('data-steps'))).toBeGreaterThan(3);
  await dragPad(page, [420, 90], [256, 256]);
  await expect(page.getByTestId('live-takeover')).toHaveAttribute('aria-pressed', 'true');
  const from = Number(await live.getAttribute('data-steps'));
  await expect.poll(async () => Number(await live.getAttribute('data-steps'))).toBeGreaterThan(from + 4);
  // The camera shows the scene as the environment renders it: the agent's blue among white.
  const camera = page.getByTestId('live-camera');
  await expect.poll(async () => Number(await camera.getAttribute('data-step'))).toBeGreaterThan(from);
  const blue = await camera.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] === 65 && d[i + 1] === 105 && d[i + 2] === 225) n++;
    return { n, width: c.width };
  });
  expect(blue.width).toBe(96);
  expect(blue.n).toBeGreaterThan(10);
  await page.screenshot({ path: 'test-results/screens/dagger-pusht-live.png' });
  await handBack(page, () => page.keyboard.press('t'));
  await stopLive(page);
  await expect(live).toHaveAttribute('data-state', 'succeeded');
  await page.getByTestId('live-result').click();
  const episodeId = (await page.getByTestId('labeling').getAttribute('data-episode'))!;
  const labels = await call('getEpisodeLabels', { episodeId });
  const taken = labels.mask.flatMap((m, f) => (m ? [f] : []));
  expect(taken.length).toBeGreaterThan(3);
  const last = taken.at(-1)!;
  expect(Math.abs(labels.values[last * 2]! - 420)).toBeLessThan(2);
  expect(Math.abs(labels.values[last * 2 + 1]! - 90)).toBeLessThan(2);
});

test('arm: dragging the end-effector gizmo sets the joints by IK; out of reach keeps them', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { rollout } = runs.arm;
  await openRollout(page, 'arm');
  const canvas = page.getByTestId('arm-pad');
  await expect(canvas).toHaveAttribute('data-robot-loaded', '1', { timeout: 30_000 });
  const frame = await nextUnlabelled(page);
  // The handle moves onto the new frame's end effector once its pose arrives and a frame shows it.
  await expect(canvas).toHaveAttribute('data-handle-settled', '1');
  const joints = async () =>
    Promise.all(
      ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex'].map(async (n) =>
        Number((await page.getByTestId(`control-value-${n}`).textContent())!.split(' ')[0]),
      ),
    );
  const before = await joints();
  const box = (await canvas.boundingBox())!;
  const handle = async () =>
    (await canvas.getAttribute('data-handle'))!.split(',').map(Number) as [number, number];
  const [hx, hy] = await handle();
  // Over the gizmo's centre: its centre (the view plane) or one of its planes or arrows takes the drag.
  await page.mouse.move(box.x + hx, box.y + hy);
  await expect(canvas).toHaveAttribute('data-gizmo-axis', /^(XYZ|XY|YZ|XZ|X|Y|Z)$/);
  await page.mouse.down();
  // A few centimetres down and toward the camera, well inside the arm's reach.
  await page.mouse.move(box.x + hx + 4, box.y + hy + 6, { steps: 4 });
  await page.mouse.move(box.x + hx + 8, box.y + hy + 12, { steps: 4 });
  await page.mouse.up();
  const status = page.getByTestId('arm-ik-status');
  await expect(status).toHaveAttribute('data-status', 'reached');
  const after = await joints();
  expect(after).not.toEqual(before);
  await page.screenshot({ path: 'test-results/screens/dagger-arm-gizmo.png' });
  await page.keyboard.press('k');
  await expect.poll(async () => (await call('getEpisodeLabels', { episodeId: rollout })).mask[frame]).toBe(1);
  const labels = await call('getEpisodeLabels', { episodeId: rollout });
  for (const [d, v] of after.entries()) expect(labels.values[frame * 6 + d]).toBeCloseTo(v, 2);

  // Far off the arm's reach in one move: the joints stay, the status says so.
  const kept = await joints();
  // Released, the handle goes back onto the end effector of the joints set.
  await expect(canvas).toHaveAttribute('data-handle-settled', '1');
  const [gx, gy] = await handle();
  await page.mouse.move(box.x + gx, box.y + gy);
  await page.mouse.down();
  await page.mouse.move(box.x + 4, box.y + 4);
  await expect(status).toHaveAttribute('data-status', 'unreachable');
  await expect(status).toContainText('joints kept');
  await page.screenshot({ path: 'test-results/screens/dagger-arm-unreachable.png' });
  await page.mouse.up();
  expect(await joints()).toEqual(kept);
});

/**
 * Chromium has no virtual gamepad: the page's `navigator.getGamepads` is replaced before the app
 * loads by one that reports `window.testPad` (a standard-mapping pad the test sets), as a browser
 * reports a real pad.
 */
async function fakeGamepad(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { testPad: unknown };
    w.testPad = {
      id: 'Test pad (STANDARD GAMEPAD Vendor: 0000 Product: 0000)',
      index: 0,
      connected: true,
      mapping: 'standard',
      timestamp: 0,
      axes: [0, 0, 0, 0],
      buttons: Array.from({ length: 17 }, () => ({ pressed: false, touched: false, value: 0 })),
    };
    Object.defineProperty(Navigator.prototype, 'getGamepads', {
      configurable: true,
      value: () => [w.testPad, null, null, null],
    });
  });
}

/** Sets the fake pad's sticks and held buttons. */
async function setPad(page: Page, axes: number[], pressed: number[] = []): Promise<void> {
  await page.evaluate(
    ([a, p]) => {
      const pad = (
        window as unknown as { testPad: { axes: number[]; buttons: { pressed: boolean; value: number }[] } }
      ).testPad;
      pad.axes = a;
      pad.buttons = pad.buttons.map((_, i) => ({
        pressed: p.includes(i),
        touched: false,
        value: p.includes(i) ? 1 : 0,
      }));
    },
    [axes, pressed] as const,
  );
}

/**
 * A button held until `done` says the studio acted on it, then released. The studio reads the pad
 * once an animation frame, as browsers offer it; under a software renderer a frame can outlast a
 * short fixed press, so the press lasts as long as a person would hold it: until something happens.
 */
async function pressPad(page: Page, button: number, done: () => Promise<boolean>): Promise<void> {
  await setPad(page, [0, 0, 0, 0], [button]);
  await expect.poll(done).toBe(true);
  await setPad(page, [0, 0, 0, 0]);
}

test('gamepad: the lane is steered and keyframed from a pad offline, and a pad takes over live', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await fakeGamepad(page);
  const { rollout } = runs.lane;
  await openRollout(page, 'lane');
  await expect(page.getByTestId('gamepad-status')).toHaveAttribute('data-connected', 'yes');
  const first = await nextUnlabelled(page);
  // Left stick 0.575 to the left: past the 0.15 deadzone, half of the way to full left steering.
  await setPad(page, [-0.575, 0, 0, 0]);
  await expect(page.getByTestId('control-value-steer')).toHaveText('0.250 rad');
  await setPad(page, [0, 0, 0, 0]);
  await pressPad(
    page,
    0,
    async () => (await call('getEpisodeLabels', { episodeId: rollout })).mask[first] === 1,
  );
  const labels = await call('getEpisodeLabels', { episodeId: rollout });
  expect(labels.values[first * labels.columns.length]).toBeCloseTo(0.25, 5);
  // D-pad right steps a frame on.
  await pressPad(page, 15, async () => (await frameNow(page)) !== first);
  expect(await frameNow(page)).toBe(first + 1);
  await page.screenshot({ path: 'test-results/screens/dagger-gamepad-label.png' });

  await page.goto(`${studio.web.openUrl}#/dagger/${runs.lane.id}`);
  const live = page.getByTestId('live-view');
  const state = () => live.getAttribute('data-state');
  const takeover = page.getByTestId('live-takeover');
  await liveTakeover(page, 3, async () => {
    await expect(live.getByTestId('gamepad-status')).toHaveAttribute('data-connected', 'yes');
    await pressPad(
      page,
      1,
      async () => (await state()) !== 'running' || (await takeover.getAttribute('aria-pressed')) === 'true',
    );
  });
  // A little right: (0.32 - 0.15) / 0.85 of full right steering, -0.1 rad.
  await setPad(page, [0.32, 0, 0, 0]);
  const from = Number(await live.getAttribute('data-steps'));
  await expect
    .poll(
      async () => (await state()) !== 'running' || Number(await live.getAttribute('data-steps')) > from + 4,
    )
    .toBe(true);
  await page.screenshot({ path: 'test-results/screens/dagger-gamepad-live.png' });
  // B hands back, unless the episode ended first (the car left the lane).
  await handBack(page, () =>
    pressPad(
      page,
      1,
      async () =>
        (await state()) !== 'running' ||
        (await takeover.getAttribute('aria-pressed', { timeout: 1_000 })) === 'false',
    ),
  );
  await stopLive(page);
  await expect(live).toHaveAttribute('data-state', 'succeeded');
  await page.getByTestId('live-result').click();
  const episodeId = (await page.getByTestId('labeling').getAttribute('data-episode'))!;
  const taken = await call('getEpisodeLabels', { episodeId });
  const frames = taken.mask.flatMap((m, f) => (m ? [f] : []));
  // Unless the car left the lane within a few steps of the takeover, the stick's steering is the last label.
  expect(frames.length).toBeGreaterThan(0);
  if (frames.length > 3) expect(taken.values[frames.at(-1)! * taken.columns.length]).toBeCloseTo(-0.1, 3);
});

test("gamepad: the sticks move PushT's target and the arm's end effector", async ({ page }) => {
  test.setTimeout(120_000);
  await fakeGamepad(page);
  await openRollout(page, 'pusht');
  const pad = page.getByTestId('pusht-pad');
  const target = async () => (await pad.getAttribute('data-target'))!.split(',').map(Number);
  const [x0, y0] = await target();
  await setPad(page, [x0! > 256 ? -1 : 1, 0, 0, 0]);
  await expect.poll(async () => Math.abs((await target())[0]! - x0!)).toBeGreaterThan(30);
  await setPad(page, [0, 0, 0, 0]);
  // Only x moved (y is kept, inside the arena).
  expect((await target())[1]).toBeCloseTo(Math.min(512, Math.max(0, y0!)), 1);

  await openRollout(page, 'arm');
  const canvas = page.getByTestId('arm-pad');
  await expect(canvas).toHaveAttribute('data-handle-settled', '1', { timeout: 30_000 });
  const lift = page.getByTestId('control-value-shoulder_lift');
  const before = await lift.textContent();
  // Right stick down: the end effector goes down toward the table.
  await setPad(page, [0, 0, 0, 0.6]);
  await expect(page.getByTestId('arm-ik-status')).toHaveAttribute('data-status', 'reached');
  await expect(lift).not.toHaveText(before!);
  await setPad(page, [0, 0, 0, 0]);
  await page.screenshot({ path: 'test-results/screens/dagger-gamepad-arm.png' });
});

test('a real-robot rollout imported into the run is listed and labelled like the others', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const logs = path.join(studio.dir, 'robot');
  mkdirSync(logs, { recursive: true });
  writeRobotRollout(logs, 'so101-take1', 21, 30);
  const { jobId } = await call('importPaths', { paths: [logs], dataset: 'robot' });
  expect((await studio.services.runner.waitFor(jobId)).error).toBeNull();
  const dataset = (await call('listDatasets', {})).find((d) => d.name === 'robot')!;
  const [episode] = (await call('listEpisodes', { datasetId: dataset.id })).items;
  await call('importDaggerRollouts', {
    runId: runs.pusht.id,
    episodeIds: [episode!.id],
    policyVersion: 'robot-v1',
  });

  await page.goto(`${studio.web.openUrl}#/dagger/${runs.pusht.id}`);
  const item = page.locator('[data-testid=rollout][data-source=import]');
  await expect(item).toHaveText(/imported · iteration 2 · #0 \(robot-v1\)/);
  await item.click();
  await expect(page.getByTestId('labeling')).toHaveAttribute('data-episode', episode!.id);
  await expect(page.getByTestId('label-progress')).toHaveAttribute('data-labelled', '0');
  await expect(page.getByTestId('policy-version')).toHaveText('robot-v1');
  await dragPad(page, [200, 300], [256, 256]);
  await page.keyboard.press('k');
  await expect(page.getByTestId('label-progress')).toHaveAttribute('data-labelled', '1');
  await page.screenshot({ path: 'test-results/screens/dagger-imported.png' });
  const labels = await call('getEpisodeLabels', { episodeId: episode!.id });
  expect(labels.labeler).toBe('human');
  expect(labels.policyVersion).toBe('robot-v1');
  // No environment to step for it: the live takeover stays the run's own (simulated) one.
});
