import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { locateMediaTools } from '../../src/media/tools';

/** The size frames are compared at. */
export const THUMB = { width: 64, height: 36 };
const TW = THUMB.width;
const TH = THUMB.height;

/** Every frame of a clip decoded by ffmpeg, 64x36 grey, to tell which frame a page shows. */
export function greyFrames(clip: string): Buffer {
  return execFileSync(locateMediaTools().tools!.ffmpeg, [
    ...['-v', 'error', '-i', clip, '-vf', `scale=${TW}:${TH}`],
    ...['-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
  ]);
}

export const replayVideo = (page: Page) => page.getByTestId('replay-video').first();
export const readout = (page: Page) => page.getByTestId('time-readout');

/** Waits until the camera presents the frame the clock asks for, and returns its index in the stream. */
export async function settledFrame(page: Page): Promise<number> {
  await expect(replayVideo(page)).toHaveAttribute('data-settled', '1');
  const want = Number(await readout(page).getAttribute('data-frame'));
  await expect(replayVideo(page)).toHaveAttribute('data-frame', String(want));
  return want;
}

/** The clip frame whose pixels are closest to what the <video> element presents. */
export async function shownFrame(page: Page, frames: Buffer): Promise<number> {
  const grey = await replayVideo(page).evaluate(
    (v: HTMLVideoElement, [w, h]) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(v, 0, 0, w, h);
      const d = ctx.getImageData(0, 0, w, h).data;
      return Array.from(
        { length: w * h },
        (_, i) => 0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!,
      );
    },
    [TW, TH] as const,
  );
  return nearestFrame(grey, frames);
}

/** The index of the frame of `frames` (from greyFrames) whose pixels are closest to `grey`. */
export function nearestFrame(grey: readonly number[], frames: Buffer): number {
  let best = -1;
  let bestDiff = Infinity;
  for (let f = 0; f * TW * TH < frames.length; f++) {
    let diff = 0;
    for (let i = 0; i < TW * TH; i++) diff += Math.abs(grey[i]! - frames[f * TW * TH + i]!);
    if (diff < bestDiff) [best, bestDiff] = [f, diff];
  }
  return best;
}
