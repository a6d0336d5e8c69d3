import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { locateMediaTools } from '../../src/media/tools';

/** The size frames are compared at. */
export const THUMB = { width: 64, height: 36 };
const TW = THUMB.width;
const TH = THUMB.height;

/** Every frame of a clip decoded by ffmpeg, 64x36 grey, to tell which frame a page shows. */
export function greyFrames(clip: string): Buffer {
  return execFileSync(
    locateMediaTools().tools!.ffmpeg,
    [
      ...['-v', 'error', '-i', clip, '-vf', `scale=${TW}:${TH}`],
      ...['-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    ],
    { maxBuffer: 1 << 28 },
  );
}

export const replayVideo = (page: Page, camera = 0) => page.getByTestId('replay-video').nth(camera);
export const readout = (page: Page) => page.getByTestId('time-readout');

/** Waits until the camera presents the frame the clock asks for, and returns its index in the stream. */
export async function settledFrame(page: Page, camera = 0): Promise<number> {
  await expect(replayVideo(page, camera)).toHaveAttribute('data-settled', '1');
  const want = Number(await readout(page).getAttribute('data-frame'));
  await expect(replayVideo(page, camera)).toHaveAttribute('data-frame', String(want));
  return want;
}

/** The clip frame whose pixels are closest to what the <video> element presents. */
export async function shownFrame(page: Page, frames: Buffer, camera = 0): Promise<number> {
  return nearestFrame(await shownPicture(page, camera), frames);
}

/**
 * Whether the camera's picture is ffmpeg's frame `want`: no frame of the clip is closer. A real
 * clip can repeat a frame; an identical one counts as the same picture.
 */
export async function showsFrame(page: Page, frames: Buffer, want: number, camera = 0): Promise<boolean> {
  const grey = await shownPicture(page, camera);
  const diffs = frameDiffs(grey, frames);
  return diffs[want]! <= Math.min(...diffs) * 1.02 + 1;
}

async function shownPicture(page: Page, camera: number): Promise<number[]> {
  return replayVideo(page, camera).evaluate(
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
}

/** The index of the frame of `frames` (from greyFrames) whose pixels are closest to `grey`. */
export function nearestFrame(grey: readonly number[], frames: Buffer): number {
  const diffs = frameDiffs(grey, frames);
  return diffs.indexOf(Math.min(...diffs));
}

/** The summed grey difference between a picture and each frame of a clip. */
export function frameDiffs(grey: readonly number[], frames: Buffer): number[] {
  const out: number[] = [];
  for (let f = 0; f * TW * TH < frames.length; f++) {
    let diff = 0;
    for (let i = 0; i < TW * TH; i++) diff += Math.abs(grey[i]! - frames[f * TW * TH + i]!);
    out.push(diff);
  }
  return out;
}
