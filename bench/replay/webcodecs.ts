// WebCodecs bench: our own demux (mp4box) + a VideoDecoder + a cache of decoded frames around the
// playhead (app/features/replay/frameSource), drawn to canvases, against bare <video> elements
// seeking in the same page and run. Seeks (1 and 3 cameras), one-frame steps after a seek, and wrong
// frames: every drawn canvas is compared with ffmpeg's decode. Also decodes every frame of the
// fixture clips (H.264 with B-frames, AV1) and checks each against ffmpeg.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page, type Route } from '@playwright/test';
import { blobRef, mediaPath, WEB_MEDIA_PREFIX } from '../../src/common/api/media';
import { startWebHost } from '../../src/host/webHost';
import { distPath } from '../../src/paths';
import { createServices } from '../../src/service/services';
import { chromiumArgs, findChromium } from '../../tests/e2e/chromium';
import { greyFrames } from '../../tests/e2e/videoFrames';
import type * as FrameSource from '../../app/features/replay/frameSource';
import { bareSeeks, bareSteps, frameOf, pct, recording, WrongFrames } from './bench';

const FIXTURES = path.resolve('tests/fixtures/video');

/** The frame source bundled for the page, as `window.__frameSource`. */
async function pageScript(): Promise<string> {
  const out = await build({
    entryPoints: [path.resolve('app/features/replay/frameSource/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__frameSource',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

type FS = typeof FrameSource;
declare global {
  interface Window {
    __frameSource: FS;
    __wc: {
      sources: InstanceType<FS['DecodedFrames']>[];
      show(frame: number, count: number): Promise<number>;
      mislabelled: number;
    };
  }
}

/** Loads the clips into frame sources, each drawing to a canvas.wc; returns each codec's support. */
function openSources(page: Page, urls: string[], scheduled = false): Promise<string[]> {
  return page.evaluate(
    async ([urls, scheduled]) => {
      const { fetchVideoTrack, DecodedFrames, DecodeScheduler } = window.__frameSource;
      window.__wc?.sources.forEach((s) => s.close());
      document.querySelectorAll('canvas.wc').forEach((c) => c.remove());
      const scheduler = scheduled ? new DecodeScheduler() : undefined;
      const tracks = await Promise.all(urls.map((u) => fetchVideoTrack(u, u)));
      const support = await Promise.all(tracks.map((t) => DecodedFrames.supports(t)));
      const codecs = tracks.map((t, i) => `${t.config.codec}: ${support[i] ? 'supported' : 'UNSUPPORTED'}`);
      if (support.includes(false)) return codecs;
      const sources = tracks.map(
        (t) => new DecodedFrames(t, { onError: (e) => console.error(e), scheduler }),
      );
      const canvases = tracks.map((t) => {
        const c = document.createElement('canvas');
        c.className = 'wc';
        c.width = t.config.codedWidth;
        c.height = t.config.codedHeight;
        c.style.width = '420px';
        document.body.append(c);
        return c.getContext('2d')!;
      });
      window.__wc = {
        sources,
        mislabelled: 0,
        // Ms until the first `count` sources have drawn `frame` and the page has rendered once more.
        async show(frame, count) {
          const t0 = performance.now();
          await Promise.all(
            sources.slice(0, count).map(async (s, i) => {
              const f = await s.frameAt(frame);
              if (!f) throw new Error(`frame ${frame} superseded`);
              // The frame the decoder gave back under the asked-for sample's timestamp.
              if (s.gops.frameOfUs.get(f.timestamp) !== frame) window.__wc.mislabelled++;
              const ctx = canvases[i]!;
              ctx.drawImage(f, 0, 0, ctx.canvas.width, ctx.canvas.height);
              f.close();
            }),
          );
          await new Promise(requestAnimationFrame);
          return performance.now() - t0;
        },
      };
      return codecs;
    },
    [urls, scheduled] as const,
  );
}

const show = (page: Page, frame: number, count: number) =>
  page.evaluate(([f, n]) => window.__wc.show(f, n), [frame, count] as const);

async function seeksWc(page: Page, frames: number[], count: number, wrong: WrongFrames) {
  const out: number[] = [];
  for (const f of frames) {
    out.push(await show(page, f, count));
    await wrong.check(page, 'canvas.wc', f, count);
  }
  return out;
}

async function stepsWc(page: Page, frames: number[], count: number, wrong: WrongFrames) {
  const out: number[] = [];
  for (const f of frames) {
    await show(page, f, count);
    for (const g of [f + 1, f, f - 1]) {
      out.push(await show(page, g, count));
      await wrong.check(page, 'canvas.wc', g, count);
    }
  }
  return out;
}

/** Decodes every frame of each fixture clip in order, then backwards, and checks each one. */
async function fixtureFrames(page: Page, base: string) {
  const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.mp4'));
  const out: { clip: string; codec: string; frames: number; wrong: number; ms: number; bareWrong: number }[] =
    [];
  for (const name of names) {
    await page.goto(`${base}/index.html?fixture=${name}`);
    await page.addScriptTag({ content: await pageScript() });
    const [codec] = await openSources(page, [`${base}/__fixture/${name}`]);
    if (codec!.includes('UNSUPPORTED')) {
      out.push({ clip: name, codec: codec!, frames: 0, wrong: 0, ms: 0, bareWrong: 0 });
      continue;
    }
    const wrong = new WrongFrames([greyFrames(path.join(FIXTURES, name))]);
    const n = await page.evaluate(() => window.__wc.sources[0]!.frameCount);
    const order = [...Array(n).keys()];
    const ms: number[] = [];
    for (const f of [...order, ...order.reverse()]) {
      ms.push(await show(page, f, 1));
      await wrong.check(page, 'canvas.wc', f, 1);
    }
    const bare = await bareFixtureWrong(page, `${base}/__fixture/${name}`, wrong);
    out.push({
      clip: name,
      codec: codec!,
      frames: n * 2,
      wrong: wrong.count - bare.wrong,
      ms: pct(ms, 0.95),
      bareWrong: bare.wrong,
    });
  }
  return out;
}

/** Serves a fixture clip with byte ranges, as a <video> needs to seek. */
async function serveFixture(route: Route): Promise<void> {
  const body = readFileSync(path.join(FIXTURES, path.basename(new URL(route.request().url()).pathname)));
  const range = /bytes=(\d+)-(\d*)/.exec((await route.request().headerValue('range')) ?? '');
  const headers = { 'content-type': 'video/mp4', 'accept-ranges': 'bytes' };
  if (!range) return route.fulfill({ body, headers });
  const from = Number(range[1]);
  const to = range[2] ? Number(range[2]) : body.length - 1;
  await route.fulfill({
    status: 206,
    body: body.subarray(from, to + 1),
    headers: { ...headers, 'content-range': `bytes ${from}-${to}/${body.length}` },
  });
}

/**
 * The same pixel check on a bare <video> seeked to the middle of each frame, forwards: where the
 * check cannot tell neighbouring frames of a real clip apart, the bare video misses as often.
 */
async function bareFixtureWrong(page: Page, url: string, wrong: WrongFrames) {
  const before = wrong.count;
  const timesUs = await page.evaluate((url) => {
    const v = document.createElement('video');
    v.className = 'bare';
    v.muted = true;
    v.src = url;
    v.style.width = '420px';
    document.body.append(v);
    const t = window.__wc.sources[0]!.gops.track;
    return Array.from(t.presentation, (d) => t.samples[d]!.timestampUs);
  }, url);
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>('video.bare')!.readyState >= 2);
  for (let f = 0; f < timesUs.length; f++) {
    const mid = (timesUs[f]! + (timesUs[f + 1] ?? timesUs[f]! + 33_333)) / 2e6;
    await page.evaluate(
      (mid) =>
        new Promise<void>((resolve) => {
          const v = document.querySelector<HTMLVideoElement>('video.bare')!;
          const timer = setTimeout(resolve, 250);
          v.requestVideoFrameCallback(() => {
            clearTimeout(timer);
            resolve();
          });
          v.currentTime = mid;
        }),
      mid,
    );
    await wrong.check(page, 'video.bare', f, 1);
  }
  return { wrong: wrong.count - before };
}

export async function run(seeks: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-webcodecs-'));
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
    const thumbs = cams.map((c) => greyFrames(services.ws.blobs.pathOf(c.blob)));
    const urls = cams.map((c) => `${WEB_MEDIA_PREFIX}${mediaPath(blobRef(c.blob))}`);
    const durationNs = ep.durationNs;
    const times = Array.from({ length: seeks }, (_, i) =>
      Math.floor((((i * 7919) % 997) / 997) * (durationNs - 1e8)),
    );
    const frames = times.map(frameOf);
    const stepFrames = times.slice(0, Math.ceil(seeks / 3)).map((t) => frameOf(Math.max(t, 2e8)));

    // The frame source is injected as an inline script, which the studio's CSP forbids.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
    page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
    await page.route(`${web.url}/__fixture/*`, serveFixture);
    await page.goto(web.openUrl);
    // Bare videos and frame sources side by side in one page, the bare ones measured first.
    await page.evaluate((srcs) => {
      document.body.innerHTML = srcs
        .map((s) => `<video class="bare" muted preload="auto" src="${s}" style="width:420px"></video>`)
        .join('');
    }, urls);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLVideoElement>('video.bare')].every((v) => v.readyState >= 2),
    );
    const bare1 = await bareSeeks(page, frames, 1);
    const bare3 = await bareSeeks(page, frames, 3);
    const bareStep = await bareSteps(page, stepFrames);
    await page.evaluate(() => document.querySelectorAll('video.bare').forEach((v) => v.remove()));

    await page.addScriptTag({ content: await pageScript() });
    const codecs = await openSources(page, urls);
    if (codecs.some((c) => c.includes('UNSUPPORTED'))) throw new Error(`VideoDecoder: ${codecs.join(', ')}`);
    const wrong = new WrongFrames(thumbs);
    const wc1 = await seeksWc(page, frames, 1, wrong);
    const step1 = await stepsWc(page, stepFrames, 1, wrong);
    const wc3 = await seeksWc(page, frames, 3, wrong);
    const step3 = await stepsWc(page, stepFrames, 3, wrong);
    // The same three cameras with one decode scheduler: requests first, decode-ahead after.
    await openSources(page, urls, true);
    const wc3s = await seeksWc(page, frames, 3, wrong);
    const step3s = await stepsWc(page, stepFrames, 3, wrong);
    const mislabelled = await page.evaluate(() => window.__wc.mislabelled);
    const fixtures = await fixtureFrames(page, web.url);

    const q = (xs: number[]) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95) });
    const vs = (a: number[], b: number[]) => ({
      ms: q(a),
      bareMs: q(b),
      p50Ratio: q(a).p50 / q(b).p50,
      p95Ratio: q(a).p95 / q(b).p95,
    });
    return {
      seeks,
      codecs,
      seek1: vs(wc1, bare1),
      seek3: vs(wc3, bare3),
      step1: vs(step1, bareStep),
      step3: vs(step3, bareStep),
      seek3Scheduled: vs(wc3s, bare3),
      step3Scheduled: vs(step3s, bareStep),
      steps: step1.length,
      wrongFrames: wrong.count,
      /** Frames whose timestamp was not the asked-for sample's (the cache's own check). */
      mislabelled,
      framesChecked: wrong.checked,
      fixtures,
    };
  } finally {
    await browser.close();
    await web.close();
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
