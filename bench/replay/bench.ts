// Replay bench: seek latency to the displayed frame and frames presented while playing, for the
// replay screen (3 cameras + 3D + 2 plots) against a bare <video> element in the same browser.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startWebHost } from '../../src/host/webHost';
import { distPath } from '../../src/paths';
import { createServices } from '../../src/service/services';
import { chromiumArgs, findChromium } from '../../tests/e2e/chromium';
import { makeClip } from '../../tests/helpers/workspace';
import { SO101_JOINTS } from '../../src/common/robot/jointMapping';

const SECONDS = 10;
const FPS = 30;

function recording(dir: string): string[] {
  const files: string[] = [];
  for (const [suffix, src] of [
    ['', 'testsrc2'],
    ['.wrist', 'testsrc'],
    ['.side', 'smptehdbars'],
  ] as const) {
    const file = path.join(dir, `ep${suffix}.mp4`);
    files.push(makeClip(file, { seconds: SECONDS, fps: FPS, size: '1280x720', source: src, gop: FPS }));
  }
  const joints = SO101_JOINTS;
  const head = [
    'timestamp',
    ...joints.map((j) => `observation.state.${j}`),
    ...joints.map((j) => `action.${j}`),
  ];
  const rows = [head.join(',')];
  for (let i = 0; i < SECONDS * 100; i++) {
    const t = i / 100;
    const q = joints.map((_, k) => 30 * Math.sin(t * (0.5 + k * 0.2)));
    rows.push([t.toFixed(3), ...q, ...q.map((v) => v + 1)].join(','));
  }
  const csv = path.join(dir, 'ep.csv');
  writeFileSync(csv, rows.join('\n'));
  files.push(csv);
  return files;
}

/** Seeks `times` (ns) in the page and returns each latency to the displayed frame, in ms. */
async function studioSeeks(page: Page, times: number[], durationNs: number): Promise<number[]> {
  return page.evaluate(
    async ({ times, durationNs }) => {
      const lane = document.querySelector('[data-testid="scrubber"]')!;
      const box = lane.getBoundingClientRect();
      const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="replay-video"]')];
      const readout = document.querySelector<HTMLElement>('[data-testid="time-readout"]')!;
      const out: number[] = [];
      for (const t of times) {
        const x = box.left + (t / durationNs) * box.width;
        const t0 = performance.now();
        lane.dispatchEvent(
          new PointerEvent('pointerdown', { clientX: x, clientY: box.top + 5, bubbles: true }),
        );
        window.dispatchEvent(new PointerEvent('pointerup', { clientX: x, bubbles: true }));
        await new Promise<void>((resolve) => {
          const check = () => {
            const want = readout.dataset.frame;
            if (videos.every((v) => v.dataset.settled === '1' && v.dataset.frame === want)) resolve();
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
        out.push(performance.now() - t0);
      }
      return out;
    },
    { times, durationNs },
  );
}

async function bareSeeks(page: Page, times: number[]): Promise<number[]> {
  return page.evaluate(async (times) => {
    const v = document.querySelector<HTMLVideoElement>('#bare')!;
    const out: number[] = [];
    for (const t of times) {
      const frame = Math.floor((t * 30) / 1e9 + 1e-6);
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        v.requestVideoFrameCallback(() => {
          clearTimeout(timer);
          resolve();
        });
        v.currentTime = (frame + 0.5) / 30;
      });
      out.push(performance.now() - t0);
    }
    return out;
  }, times);
}

/** Frames each video presents per second while playing for `ms`. */
async function playbackFps(page: Page, ms: number, start: () => Promise<void>): Promise<number[]> {
  const counting = page.evaluate(async (ms) => {
    const videos = [...document.querySelectorAll<HTMLVideoElement>('video')];
    const counts = videos.map(() => 0);
    videos.forEach((v, i) => {
      const tick = () => {
        counts[i]!++;
        v.requestVideoFrameCallback(tick);
      };
      v.requestVideoFrameCallback(tick);
    });
    await new Promise((r) => setTimeout(r, ms));
    return counts.map((c) => (c * 1000) / ms);
  }, ms);
  await start();
  return counting;
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

export async function run(seeks: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-replay-'));
  const services = createServices({ workspaceDir: path.join(dir, 'ws'), create: true, host: 'web' });
  const web = await startWebHost(services, { appDir: distPath('app') });
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  try {
    const job = services.runner.enqueue('import', 'bench', { paths: recording(dir), dataset: 'bench' });
    const done = await services.runner.waitFor(job.id);
    if (done.state !== 'succeeded') throw new Error(`import ${done.state}: ${done.error}`);
    const episode = services.handlers.listEpisodes({}) as Awaited<
      ReturnType<typeof services.handlers.listEpisodes>
    >;
    const ep = await services.handlers.getEpisode({ id: episode.items[0]!.id });
    const times = Array.from({ length: seeks }, (_, i) =>
      Math.floor((((i * 7919) % 997) / 997) * (ep.durationNs - 1e8)),
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(web.openUrl);
    await page.evaluate(() =>
      localStorage.setItem(
        'mimic.replay.layout',
        JSON.stringify({ hiddenCameras: [], plots: ['observation.state', 'action'], scene: true }),
      ),
    );

    // Baseline: one bare <video> of the first camera, same origin and cookie.
    const primary = ep.streamDetails.find((s) => s.kind === 'video')!;
    await page.evaluate((src) => {
      document.body.innerHTML = `<video id="bare" muted preload="auto" src="${src}" style="width:1280px;height:720px"></video>`;
    }, `/media/${primary.blob}`);
    await page.waitForFunction(() => document.querySelector<HTMLVideoElement>('#bare')!.readyState >= 2);
    const bare = await bareSeeks(page, times);
    await page.evaluate(() => (document.querySelector<HTMLVideoElement>('#bare')!.currentTime = 0));
    const bareFps = await playbackFps(page, 4000, () =>
      page.evaluate(() => void document.querySelector<HTMLVideoElement>('#bare')!.play()),
    );

    // A different path than the baseline page, so this is a full load and not a hash change.
    await page.goto(`${web.url}/index.html#/episode/${ep.id}`);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="replay-video"][data-settled="1"]').length === 3 &&
        document.querySelector('[data-testid="scene-canvas"]')?.getAttribute('data-robot-loaded') === '1',
      undefined,
      { timeout: 60_000 },
    );
    const studio = await studioSeeks(page, times, ep.durationNs);
    await studioSeeks(page, [0], ep.durationNs);
    const frames0 = Number(await page.getByTestId('scene-canvas').getAttribute('data-frames'));
    const studioFps = await playbackFps(page, 4000, () => page.keyboard.press('Space'));
    const frames1 = Number(await page.getByTestId('scene-canvas').getAttribute('data-frames'));
    return {
      seeks,
      bare: { p50: pct(bare, 0.5), p95: pct(bare, 0.95), fps: bareFps[0]! },
      studio: {
        p50: pct(studio, 0.5),
        p95: pct(studio, 0.95),
        fps: studioFps.reduce((a, b) => a + b, 0) / studioFps.length,
        sceneFps: (frames1 - frames0) / 4,
      },
    };
  } finally {
    await browser.close();
    await web.close();
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
