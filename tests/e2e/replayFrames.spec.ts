import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeClip } from '../helpers/workspace';
import { FPS, SECONDS, writeSo101Recording } from './replayFixture';
import { startStudio } from './studioHost';
import {
  greyFrames,
  readout,
  replayVideo,
  settledFrame,
  shownFrame,
  showsFrame,
  type ClipFrames,
} from './videoFrames';

// Exact frames on AV1 as on H.264 (replay.spec.ts): a clip made here with SVT-AV1, and two seconds
// of a real LeRobot camera (tests/fixtures/README.md), decoded with WebCodecs; VP9 in WebM, shown by
// the <video> element alone. Scrubbing three cameras at once.

let studio: Awaited<ReturnType<typeof startStudio>>;
const clips = new Map<string, ClipFrames>();

test.beforeAll(async () => {
  studio = await startStudio();
  const synthetic = makeClip(path.join(studio.dir, 'av1-testsrc.mp4'), {
    seconds: SECONDS,
    fps: FPS,
    size: '640x360',
    args: [
      '-c:v',
      'libsvtav1',
      '-preset',
      '12',
      '-g',
      String(FPS),
      '-pix_fmt',
      'yuv420p',
      '-svtav1-params',
      'log-level=0',
    ],
  });
  // VP9 in WebM: not an mp4, so its stills come from the <video> element itself.
  const vp9 = makeClip(path.join(studio.dir, 'vp9-testsrc.webm'), {
    seconds: SECONDS,
    fps: FPS,
    size: '640x360',
    args: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-g', String(FPS)],
  });
  const real = path.join(studio.dir, 'g1-cam-high-av1.mp4');
  copyFileSync(path.resolve('tests/fixtures/video/g1_cam_high_av1_2s.mp4'), real);
  // Three cameras of one recording: `<key>.<camera>.mp4` beside `<key>.mp4`.
  const [front, csv] = writeSo101Recording(studio.dir, 'three-cams');
  const wrist = makeClip(path.join(studio.dir, 'three-cams.wrist.mp4'), {
    seconds: SECONDS,
    fps: FPS,
    size: '640x360',
    args: ['-vf', 'rotate=PI*t/5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', String(FPS)],
  });
  const side = makeClip(path.join(studio.dir, 'three-cams.side.mp4'), {
    seconds: SECONDS,
    fps: FPS,
    size: '640x360',
    source: 'testsrc',
    args: ['-vf', 'hflip,rotate=-PI*t/4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', String(FPS)],
  });
  const job = studio.services.runner.enqueue('import', 'fixture', {
    paths: [synthetic, vp9, real, front!, csv!, wrist, side],
    dataset: 'frames',
  });
  expect((await studio.services.runner.waitFor(job.id)).state).toBe('succeeded');
  for (const [name, file] of [
    ['av1-testsrc', synthetic],
    ['vp9-testsrc', vp9],
    ['g1-cam-high-av1', real],
    ['three-cams', front!],
    ['three-cams.wrist', wrist],
    ['three-cams.side', side],
  ] as const)
    clips.set(name, greyFrames(file));
  mkdirSync('test-results/screens', { recursive: true });
});
test.afterAll(async () => studio.stop());

async function open(page: Page, name: string): Promise<void> {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('episode-row').filter({ hasText: name }).dblclick();
  await expect(page.getByTestId('replay')).toBeVisible();
}

async function clickScrubber(page: Page, fraction: number): Promise<void> {
  const box = (await page.getByTestId('scrubber').boundingBox())!;
  await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
}

// Paused frames come from WebCodecs where the browser decodes the mp4, else from the <video> itself.
for (const [name, renderer] of [
  ['av1-testsrc', 'webcodecs'],
  ['g1-cam-high-av1', 'webcodecs'],
  ['vp9-testsrc', 'video'],
] as const) {
  test(`${name} (${renderer}): seeks and steps show exactly ffmpeg's frame at the clock`, async ({
    page,
  }) => {
    await open(page, name);
    if (renderer === 'webcodecs') await expect(replayVideo(page)).toHaveAttribute('data-renderer', renderer);
    else
      await expect(page.getByTestId('replay-still')).toHaveAttribute(
        'data-unavailable',
        /not a readable mp4/,
      );
    const frames = clips.get(name)!;
    const last = frames.count - 1;
    for (const at of [0.13, 0.52, 0.87]) {
      await clickScrubber(page, at);
      let frame = await settledFrame(page);
      expect(await showsFrame(page, frames, frame), `${name} seek to frame ${frame}`).toBe(true);
      // Forward twice, then back four times: the way back crosses keyframes.
      for (const key of ['.', 'ArrowRight', ',', ',', 'ArrowLeft', ',']) {
        await page.keyboard.press(key);
        const want = Math.min(last, Math.max(0, frame + (key === '.' || key === 'ArrowRight' ? 1 : -1)));
        await expect(readout(page)).toHaveAttribute('data-frame', String(want));
        frame = await settledFrame(page);
        expect(await showsFrame(page, frames, frame), `${name} step (${key}) to frame ${frame}`).toBe(true);
      }
    }
    await expect(page.getByTestId('dropped-frames')).toHaveAttribute('data-count', '0');
  });
}

test('dragging the playhead shows frames on all three cameras; released, each shows the exact frame', async ({
  page,
}) => {
  await open(page, 'three-cams');
  await expect(page.getByTestId('replay-video')).toHaveCount(3);
  for (let c = 0; c < 3; c++) await settledFrame(page, c);
  // Count the frames each camera shows while the mouse drags the playhead across the clip: each
  // shown frame (drawn still or presented by the video) sets the camera's data-media-time.
  const counting = page.evaluate(() => {
    const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="replay-video"]')];
    const seen = videos.map(() => new Set<string>());
    const observers = videos.map((v, i) => {
      const o = new MutationObserver(() => seen[i]!.add(v.dataset.mediaTime ?? ''));
      o.observe(v, { attributes: true, attributeFilter: ['data-media-time'] });
      return o;
    });
    return new Promise<number[]>((resolve) =>
      window.addEventListener(
        'pointerup',
        () =>
          setTimeout(() => {
            observers.forEach((o) => o.disconnect());
            resolve(seen.map((s) => s.size));
          }, 50),
        { once: true },
      ),
    );
  });
  const box = (await page.getByTestId('scrubber').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 2, y);
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) {
    await page.mouse.move(box.x + 2 + (i / 40) * (box.width * 0.8), y);
    if (i === 30) await page.screenshot({ path: 'test-results/screens/replay-scrub-3cams.png' });
  }
  await page.mouse.up();
  const shown = await counting;
  for (const n of shown) expect(n).toBeGreaterThan(3);

  // A camera named by the file's suffix; the bare `three-cams.mp4` is the stream `camera`.
  const order = await page
    .getByTestId('video-panel')
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.stream!));
  expect([...order].sort()).toEqual(['camera', 'side', 'wrist']);
  for (const [c, stream] of order.entries()) {
    const frame = await settledFrame(page, c);
    const clip = clips.get(stream === 'camera' ? 'three-cams' : `three-cams.${stream}`)!;
    expect(await shownFrame(page, clip, c), `camera ${stream}`).toBe(frame);
  }
});
