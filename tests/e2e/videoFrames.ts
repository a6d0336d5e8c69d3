import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { locateMediaTools } from '../../src/media/tools';

/** The size frames are compared at. */
export const THUMB = { width: 64, height: 36 };
const TW = THUMB.width;
const TH = THUMB.height;

/**
 * A clip's frames as ffmpeg decodes them, 64x36 grey, once for each colour matrix a browser may
 * assume for a clip that does not name one (BT.601 or BT.709). The grey level is computed from RGB
 * as the page computes it from what the browser draws.
 */
export interface ClipFrames {
  count: number;
  variants: Buffer[];
}

export function greyFrames(clip: string): ClipFrames {
  const variants = ['bt601', 'bt709'].map((matrix) => {
    const rgb = execFileSync(
      locateMediaTools().tools!.ffmpeg,
      [
        ...['-v', 'error', '-i', clip],
        ...['-vf', `scale=${TW}:${TH}:flags=area:in_color_matrix=${matrix}`],
        ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      ],
      { maxBuffer: 1 << 30 },
    );
    const grey = Buffer.alloc(rgb.length / 3);
    for (let i = 0; i < grey.length; i++)
      grey[i] = Math.round(0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!);
    return grey;
  });
  return { count: variants[0]!.length / (TW * TH), variants };
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

/** The clip frame whose pixels are closest to what the camera shows. */
export async function shownFrame(page: Page, frames: ClipFrames, camera = 0): Promise<number> {
  return nearestFrame(await shownPicture(page, camera), frames);
}

/**
 * Whether the camera's picture is ffmpeg's frame `want`: no frame of the clip is closer. A real
 * clip can repeat a frame; an identical one counts as the same picture.
 */
export async function showsFrame(page: Page, frames: ClipFrames, want: number, camera = 0): Promise<boolean> {
  const grey = await shownPicture(page, camera);
  const diffs = frameDiffs(grey, frames);
  return diffs[want]! <= Math.min(...diffs) * 1.02 + 1;
}

async function shownPicture(page: Page, camera: number): Promise<number[]> {
  return (await grabPictures(page, '[data-testid="replay-video"]'))[camera]!;
}

/**
 * Each matching video's (or canvas's) picture, 64x36 grey, in page order; for a replay camera, what
 * it shows (its still canvas while that is shown over the video). Drawn at full size and averaged over
 * blocks, as ffmpeg's area scaling does: a canvas scaled down by drawImage samples a few source
 * pixels and aliases.
 */
export function grabPictures(page: Page, selector: string): Promise<number[][]> {
  return page.locator(selector).evaluateAll(
    (pictures: (HTMLVideoElement | HTMLCanvasElement)[], [w, h]) =>
      pictures.map((element) => {
        // A camera's picture: the still canvas laid over its video while shown, else the video.
        const still =
          element instanceof HTMLVideoElement
            ? element.parentElement?.querySelector<HTMLCanvasElement>('canvas[data-testid="replay-still"]')
            : null;
        const v = still?.dataset.shown === '1' ? still : element;
        const [W, H] = v instanceof HTMLVideoElement ? [v.videoWidth, v.videoHeight] : [v.width, v.height];
        const c = document.createElement('canvas');
        c.width = W;
        c.height = H;
        const ctx = c.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(v, 0, 0, W, H);
        const d = ctx.getImageData(0, 0, W, H).data;
        const out = new Array<number>(w * h).fill(0);
        for (let ty = 0; ty < h; ty++)
          for (let tx = 0; tx < w; tx++) {
            const [x0, x1] = [Math.floor((tx * W) / w), Math.floor(((tx + 1) * W) / w)];
            const [y0, y1] = [Math.floor((ty * H) / h), Math.floor(((ty + 1) * H) / h)];
            let sum = 0;
            for (let y = y0; y < y1; y++)
              for (let x = x0; x < x1; x++) {
                const i = (y * W + x) * 4;
                sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
              }
            out[ty * w + tx] = sum / ((x1 - x0) * (y1 - y0));
          }
        return out;
      }),
    [TW, TH] as const,
  );
}

/** The index of the frame of `frames` (from greyFrames) whose pixels are closest to `grey`. */
export function nearestFrame(grey: readonly number[], frames: ClipFrames): number {
  const diffs = frameDiffs(grey, frames);
  return diffs.indexOf(Math.min(...diffs));
}

/**
 * How far a picture is from each frame of a clip: the summed difference of their grey levels, each
 * picture first brought to zero mean and unit spread (the browser may stretch limited-range levels
 * to full range), the closer of the clip's colour-matrix variants counting.
 */
export function frameDiffs(grey: readonly number[], frames: ClipFrames): number[] {
  const n = TW * TH;
  const a = normalised(Float64Array.from(grey));
  const out: number[] = [];
  for (let f = 0; f < frames.count; f++) {
    let best = Infinity;
    for (const v of frames.variants) {
      const b = normalised(Float64Array.from(v.subarray(f * n, (f + 1) * n)));
      let diff = 0;
      for (let i = 0; i < n; i++) diff += Math.abs(a[i]! - b[i]!);
      best = Math.min(best, diff);
    }
    out.push(best);
  }
  return out;
}

function normalised(v: Float64Array): Float64Array {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length) || 1;
  return v.map((x) => (x - mean) / sd);
}
