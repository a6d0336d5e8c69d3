// Replay bench: the replay screen's player against bare <video> elements doing the same work in the
// same browser and run. Seeks to the displayed frame (1 camera against one bare video, 3 cameras +
// 3D + 2 plots against three bare videos seeking together), one-frame steps after a seek, frames
// presented while playing, frames shown while dragging the playhead, and wrong frames: every
// settled frame of every camera is compared with ffmpeg's decode of its clip.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { blobRef, mediaPath, WEB_MEDIA_PREFIX } from '../../src/common/api/media';
import { startWebHost } from '../../src/host/webHost';
import { distPath } from '../../src/paths';
import { createServices } from '../../src/service/services';
import { chromiumArgs, findChromium } from '../../tests/e2e/chromium';
import {
  frameDiffs,
  grabPictures,
  greyFrames,
  nearestFrame,
  type ClipFrames,
} from '../../tests/e2e/videoFrames';
import { makeClip } from '../../tests/helpers/workspace';
import { SO101_JOINTS } from '../../src/common/robot/jointMapping';

export const SECONDS = 10;
export const FPS = 30;
const PLAY_MS = 4000;
const SCRUB_MS = 3000;
const HOLD_MS = 2000;
const LAYOUT_KEY = 'mimic.replay.layout';

export function recording(dir: string): string[] {
  const files: string[] = [];
  // Three different pictures that change enough every frame for ffmpeg's decode to tell each frame
  // apart at 64x36 (testsrc alone barely moves between some frames; rotating it does).
  for (const [suffix, source, filter] of [
    ['', 'testsrc2', 'null'],
    ['.wrist', 'testsrc2', 'rotate=PI*t/5'],
    ['.side', 'testsrc', 'hflip,rotate=-PI*t/4'],
  ] as const) {
    const file = path.join(dir, `ep${suffix}.mp4`);
    const args = ['-vf', filter, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', String(FPS)];
    files.push(makeClip(file, { seconds: SECONDS, fps: FPS, size: '1280x720', source, args }));
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

export const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
export const frameOf = (ns: number) => Math.floor((ns * FPS) / 1e9 + 1e-6);

// --- bare <video> baseline ----------------------------------------------------------------------

/** Seeks the first `count` bare videos together to each frame; ms until each has presented it. */
export function bareSeeks(page: Page, frames: number[], count: number): Promise<number[]> {
  return page.evaluate(
    async ({ frames, count, fps }) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('video.bare')].slice(0, count);
      // A seek that stays on the presented frame presents nothing: 250 ms is the bare fallback too.
      const show = (v: HTMLVideoElement, f: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 250);
          v.requestVideoFrameCallback(() => {
            clearTimeout(timer);
            resolve();
          });
          v.currentTime = (f + 0.5) / fps;
        });
      const out: number[] = [];
      for (const f of frames) {
        const t0 = performance.now();
        await Promise.all(videos.map((v) => show(v, f)));
        out.push(performance.now() - t0);
      }
      return out;
    },
    { frames, count, fps: FPS },
  );
}

/** After a seek to each frame: one step forward, then two back (the second often across a keyframe). */
export function bareSteps(page: Page, frames: number[]): Promise<number[]> {
  return page.evaluate(
    async ({ frames, fps }) => {
      const v = document.querySelector<HTMLVideoElement>('video.bare')!;
      const show = (f: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 250);
          v.requestVideoFrameCallback(() => {
            clearTimeout(timer);
            resolve();
          });
          v.currentTime = (f + 0.5) / fps;
        });
      const out: number[] = [];
      for (const f of frames) {
        await show(f);
        for (const g of [f + 1, f, f - 1]) {
          const t0 = performance.now();
          await show(g);
          out.push(performance.now() - t0);
        }
      }
      return out;
    },
    { frames, fps: FPS },
  );
}

// --- the replay screen --------------------------------------------------------------------------

/**
 * Runs `act` in the page and resolves with the ms until every camera is settled on the readout's
 * frame (the videos carry data-settled and data-frame; a MutationObserver sees them change).
 */
const SETTLE = `
  window.__settle = (act) => new Promise((resolve) => {
    const videos = [...document.querySelectorAll('[data-testid="replay-video"]')];
    const readout = document.querySelector('[data-testid="time-readout"]');
    const done = () => videos.every((v) => v.dataset.settled === '1' && v.dataset.frame === readout.dataset.frame);
    const t0 = performance.now();
    const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); resolve(performance.now() - t0); } });
    for (const v of videos) obs.observe(v, { attributes: true, attributeFilter: ['data-settled', 'data-frame'] });
    act();
    if (done()) { obs.disconnect(); resolve(performance.now() - t0); }
  });
  window.__seek = (ns, durationNs) => {
    const lane = document.querySelector('[data-testid="scrubber"]');
    const box = lane.getBoundingClientRect();
    const x = box.left + ((ns + 0.5) / durationNs) * box.width;
    lane.dispatchEvent(new PointerEvent('pointerdown', { clientX: x, clientY: box.top + 5, bubbles: true }));
    window.dispatchEvent(new PointerEvent('pointerup', { clientX: x, bubbles: true }));
  };
  window.__key = (key) => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
`;

declare global {
  interface Window {
    __settle(act: () => void): Promise<number>;
    __seek(ns: number, durationNs: number): void;
    __key(key: string): void;
  }
}

async function openScreen(page: Page, url: string, cameras: number, layout: object): Promise<void> {
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [LAYOUT_KEY, JSON.stringify(layout)] as const);
  await page.goto(url);
  await page
    .waitForFunction(
      (n) => document.querySelectorAll('[data-testid="replay-video"][data-settled="1"]').length === n,
      cameras,
      { timeout: 60_000 },
    )
    .catch(async (e: unknown) => {
      const html = await page.evaluate(() =>
        [...document.querySelectorAll('video')].map((v) => v.outerHTML.replace(/src="[^"]*"/, '')).join('\n'),
      );
      throw new Error(`the replay screen did not settle on ${cameras} camera(s):\n${html}`, { cause: e });
    });
  await page.evaluate(SETTLE);
}

export class WrongFrames {
  count = 0;
  checked = 0;
  constructor(private readonly thumbs: ClipFrames[]) {}
  /**
   * Compares the first `count` cameras' pictures with ffmpeg's frame `want` (the readout's). A real
   * clip can repeat a frame: an identical picture counts as the same frame.
   */
  async check(page: Page, selector: string, want: number, count = Infinity): Promise<void> {
    const pictures = (await grabPictures(page, selector)).slice(0, count);
    pictures.forEach((grey, i) => {
      this.checked++;
      const diffs = frameDiffs(grey, this.thumbs[i]!);
      if (diffs[want]! <= Math.min(...diffs) * 1.02 + 1) return;
      const got = nearestFrame(grey, this.thumbs[i]!);
      this.count++;
      if (process.env.BENCH_DEBUG)
        console.error(
          `camera ${i}: shown ${got}, clock ${want} (difference ${diffs[got]!.toFixed(0)} to ${got}, ${diffs[want]!.toFixed(0)} to ${want})`,
        );
    });
  }
}

async function readoutFrame(page: Page): Promise<number> {
  return Number(await page.getByTestId('time-readout').getAttribute('data-frame'));
}

async function studioSeeks(
  page: Page,
  times: number[],
  durationNs: number,
  wrong: WrongFrames,
): Promise<number[]> {
  const out: number[] = [];
  for (const t of times) {
    out.push(await page.evaluate(([t, d]) => window.__settle(() => window.__seek(t, d)), [t, durationNs]));
    await wrong.check(page, '[data-testid="replay-video"]', await readoutFrame(page));
  }
  return out;
}

async function studioSteps(
  page: Page,
  times: number[],
  durationNs: number,
  wrong: WrongFrames,
): Promise<number[]> {
  const out: number[] = [];
  for (const t of times) {
    await page.evaluate(([t, d]) => window.__settle(() => window.__seek(t, d)), [t, durationNs]);
    for (const key of ['.', ',', ',']) {
      out.push(await page.evaluate((k) => window.__settle(() => window.__key(k)), key));
      await wrong.check(page, '[data-testid="replay-video"]', await readoutFrame(page));
    }
  }
  return out;
}

/** Frames each video presents per second while `start` runs the page for `ms`. */
async function presentedFps(
  page: Page,
  selector: string,
  ms: number,
  start: () => Promise<void>,
  /** Count frames the replay cameras show (drawn stills too), by their data-media-time changes. */
  shown = false,
) {
  const counting = page.evaluate(
    async ([selector, ms, shown]) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>(selector)];
      const counts = videos.map(() => 0);
      let on = true;
      const observers = videos.map((v, i) => {
        const o = new MutationObserver(() => counts[i]!++);
        if (shown) o.observe(v, { attributes: true, attributeFilter: ['data-media-time'] });
        return o;
      });
      if (!shown)
        videos.forEach((v, i) => {
          const tick = () => {
            if (!on) return;
            counts[i]!++;
            v.requestVideoFrameCallback(tick);
          };
          v.requestVideoFrameCallback(tick);
        });
      await new Promise((r) => setTimeout(r, ms));
      on = false;
      observers.forEach((o) => o.disconnect());
      return counts.map((c) => (c * 1000) / ms);
    },
    [selector, ms, shown] as const,
  );
  await start();
  return counting;
}

/** Drags the playhead from the start to the end of the lane over `ms` with the mouse, as a user does. */
async function drag(page: Page, ms: number): Promise<void> {
  const box = (await page.getByTestId('scrubber').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 1, y);
  await page.mouse.down();
  const t0 = Date.now();
  for (let k = 0; k < 1; k = Math.min(1, (Date.now() - t0) / ms))
    await page.mouse.move(box.x + 1 + k * (box.width - 2), y);
  await page.mouse.up();
}

export async function run(seeks: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-replay-'));
  const services = createServices({ workspaceDir: path.join(dir, 'ws'), create: true, host: 'web' });
  const web = await startWebHost(services, { appDir: distPath('app') });
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  try {
    const files = recording(dir);
    const job = services.runner.enqueue('import', 'bench', { paths: files, dataset: 'bench' });
    const done = await services.runner.waitFor(job.id);
    if (done.state !== 'succeeded') throw new Error(`import ${done.state}: ${done.error}`);
    const list = services.handlers.listEpisodes({}) as Awaited<
      ReturnType<typeof services.handlers.listEpisodes>
    >;
    const ep = await services.handlers.getEpisode({ id: list.items[0]!.id });
    const cams = ep.streamDetails.filter((s) => s.kind === 'video');
    // ffmpeg's decode of each camera, in the order the screen lays them out.
    const thumbs = cams.map((c) => greyFrames(services.ws.blobs.pathOf(c.blob)));
    const durationNs = ep.durationNs;
    const times = Array.from({ length: seeks }, (_, i) =>
      Math.floor((((i * 7919) % 997) / 997) * (durationNs - 1e8)),
    );
    const stepTimes = times.slice(0, Math.ceil(seeks / 3)).map((t) => Math.max(t, 2e8));
    const wrong = new WrongFrames(thumbs);

    // Baseline: bare <video>s of the cameras, same origin and cookie.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(web.openUrl);
    await page.evaluate(
      (srcs) => {
        document.body.innerHTML = srcs
          .map(
            (s) =>
              `<video class="bare" muted preload="auto" src="${s}" style="width:420px;height:236px"></video>`,
          )
          .join('');
      },
      cams.map((c) => `${WEB_MEDIA_PREFIX}${mediaPath(blobRef(c.blob))}`),
    );
    await page
      .waitForFunction(
        () => [...document.querySelectorAll<HTMLVideoElement>('video.bare')].every((v) => v.readyState >= 2),
        undefined,
        { timeout: 60_000 },
      )
      .catch(async (e: unknown) => {
        const states = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLVideoElement>('video.bare')].map(
            (v) => `${v.src} ready=${v.readyState} net=${v.networkState} error=${v.error?.message}`,
          ),
        );
        throw new Error(`bare videos did not load: ${states.join('; ')}`, { cause: e });
      });
    const bare1 = await bareSeeks(page, times.map(frameOf), 1);
    const bare3 = await bareSeeks(page, times.map(frameOf), 3);
    const bareStep = await bareSteps(page, stepTimes.map(frameOf));
    await page.evaluate(() =>
      document.querySelectorAll<HTMLVideoElement>('video.bare').forEach((v) => (v.currentTime = 0)),
    );
    await page.waitForTimeout(300);
    const bareFps = await presentedFps(page, 'video.bare', PLAY_MS, () =>
      page.evaluate(() => {
        for (const v of document.querySelectorAll<HTMLVideoElement>('video.bare')) void v.play();
      }),
    );

    // One camera alone on the screen: no 3D, no plots.
    // A different address per layout, so that each opening is a full load and not a hash change.
    const url = (n: number) => `${web.url}/index.html?cameras=${n}#/episode/${ep.id}`;
    const others = cams.slice(1).map((c) => c.name);
    await openScreen(page, url(1), 1, { hiddenCameras: others, plots: [], scene: false, velocityPlots: [] });
    const wrong1 = new WrongFrames(thumbs);
    const studio1 = await studioSeeks(page, times, durationNs, wrong1);
    const steps1 = await studioSteps(page, stepTimes, durationNs, wrong1);

    // Three cameras alone (no 3D, no plots): what playback costs without the other panels.
    await openScreen(page, url(30), 3, { hiddenCameras: [], plots: [], scene: false, velocityPlots: [] });
    const camsOnlyFps = await presentedFps(page, '[data-testid="replay-video"]', PLAY_MS, () =>
      page.evaluate(() => window.__key(' ')),
    );
    await page.evaluate(() => window.__settle(() => window.__key(' ')));
    await wrong1.check(page, '[data-testid="replay-video"]', await readoutFrame(page));

    // Three cameras with only the 3D view, then with only the plots: what each panel costs.
    const plotNames = ['observation.state', 'action'];
    await openScreen(page, url(31), 3, { hiddenCameras: [], plots: [], scene: true, velocityPlots: [] });
    const withSceneFps = await presentedFps(page, '[data-testid="replay-video"]', PLAY_MS, () =>
      page.evaluate(() => window.__key(' ')),
    );
    await page.evaluate(() => window.__settle(() => window.__key(' ')));
    await openScreen(page, url(32), 3, {
      hiddenCameras: [],
      plots: plotNames,
      scene: false,
      velocityPlots: [],
    });
    const withPlotsFps = await presentedFps(page, '[data-testid="replay-video"]', PLAY_MS, () =>
      page.evaluate(() => window.__key(' ')),
    );
    await page.evaluate(() => window.__settle(() => window.__key(' ')));

    // The full screen: 3 cameras + 3D + 2 plots.
    await openScreen(page, url(3), 3, {
      hiddenCameras: [],
      plots: ['observation.state', 'action'],
      scene: true,
      velocityPlots: [],
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="scene-canvas"]')?.getAttribute('data-robot-loaded') === '1',
      undefined,
      { timeout: 60_000 },
    );
    const studio3 = await studioSeeks(page, times, durationNs, wrong);
    const steps = await studioSteps(page, stepTimes, durationNs, wrong);

    await page.evaluate(([d]) => window.__settle(() => window.__seek(0, d)), [durationNs]);
    const scrubFps = await presentedFps(
      page,
      '[data-testid="replay-video"]',
      SCRUB_MS,
      () => drag(page, SCRUB_MS),
      true,
    );
    await page.evaluate(() => window.__settle(() => undefined));
    await wrong.check(page, '[data-testid="replay-video"]', await readoutFrame(page));

    // Holding `.`: one keydown and one repeat, then nothing until the release.
    await page.evaluate(([d]) => window.__settle(() => window.__seek(0, d)), [durationNs]);
    const holdFps = await presentedFps(
      page,
      '[data-testid="replay-video"]',
      HOLD_MS,
      () =>
        page.evaluate(() => {
          window.dispatchEvent(new KeyboardEvent('keydown', { key: '.', bubbles: true }));
          window.dispatchEvent(new KeyboardEvent('keydown', { key: '.', bubbles: true, repeat: true }));
        }),
      true,
    );
    await page.evaluate(() =>
      window.__settle(() => window.dispatchEvent(new KeyboardEvent('keyup', { key: '.', bubbles: true }))),
    );
    await wrong.check(page, '[data-testid="replay-video"]', await readoutFrame(page));

    await page.evaluate(([d]) => window.__settle(() => window.__seek(0, d)), [durationNs]);
    const counters = () =>
      page.evaluate(() => ({
        scene: Number(document.querySelector<HTMLElement>('[data-testid="scene-canvas"]')!.dataset.frames),
        plots: [...document.querySelectorAll<HTMLElement>('.plot-cursor')].map((el) =>
          Number(el.dataset.moves ?? 0),
        ),
        dropped: Number(document.querySelector<HTMLElement>('[data-testid="dropped-frames"]')!.dataset.count),
      }));
    const before = await counters();
    const playFps = await presentedFps(page, '[data-testid="replay-video"]', PLAY_MS, () =>
      page.evaluate(() => window.__key(' ')),
    );
    const after = await counters();
    await page.evaluate(() => window.__settle(() => window.__key(' ')));
    await wrong.check(page, '[data-testid="replay-video"]', await readoutFrame(page));

    const q = (xs: number[]) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95) });
    const ratio = (a: { p50: number; p95: number }, b: { p50: number; p95: number }) => ({
      p50Ratio: a.p50 / b.p50,
      p95Ratio: a.p95 / b.p95,
    });
    const s1 = q(studio1);
    const b1 = q(bare1);
    const s3 = q(studio3);
    const b3 = q(bare3);
    const st = q(steps1);
    const st3 = q(steps);
    const bst = q(bareStep);
    return {
      seeks,
      seek1: { ...ratio(s1, b1), ms: s1, bareMs: b1 },
      seek3: { ...ratio(s3, b3), ms: s3, bareMs: b3 },
      stepP95Ms: st.p95,
      step: { ms: st, bareMs: bst, p95Ratio: st.p95 / bst.p95, steps: steps1.length, threeCamerasMs: st3 },
      playbackRatio: mean(playFps) / mean(bareFps),
      /** The same three cameras playing without the 3D view and plots, against the same bare videos. */
      camerasOnlyPlaybackRatio: mean(camsOnlyFps) / mean(bareFps),
      /** Three cameras with the 3D view alone, and with the plots alone. */
      camerasAndScenePlaybackRatio: mean(withSceneFps) / mean(bareFps),
      camerasAndPlotsPlaybackRatio: mean(withPlotsFps) / mean(bareFps),
      playback: {
        fpsPerCamera: mean(playFps),
        bareFpsPerVideo: mean(bareFps),
        sceneFps: ((after.scene - before.scene) * 1000) / PLAY_MS,
        plotFps: mean(after.plots.map((n, i) => ((n - (before.plots[i] ?? 0)) * 1000) / PLAY_MS)),
        droppedFrames: after.dropped - before.dropped,
      },
      scrubFps: mean(scrubFps),
      /** Frames shown per second per camera while `.` is held, and as a share of the clip's rate. */
      holdStepFps: mean(holdFps),
      holdStepRatio: mean(holdFps) / FPS,
      /** The same against three bare videos playing together (what decoding allows here). */
      holdStepVsBarePlayback: mean(holdFps) / mean(bareFps),
      wrongFrames: wrong.count + wrong1.count,
      framesChecked: wrong.checked + wrong1.checked,
    };
  } finally {
    await browser.close();
    await web.close();
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
