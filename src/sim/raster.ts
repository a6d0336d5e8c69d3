/** A tiny RGB rasterizer: enough to draw the planar scenes without a canvas or DOM. */
import type { RgbImage } from './types';
import type { Vec2 } from './geometry';

export type Rgb = readonly [number, number, number];

export function createImage(width: number, height: number, fill: Rgb): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = fill[0];
    data[i + 1] = fill[1];
    data[i + 2] = fill[2];
  }
  return { width, height, data };
}

export function setPixel(img: RgbImage, x: number, y: number, c: Rgb): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const i = (y * img.width + x) * 3;
  img.data[i] = c[0];
  img.data[i + 1] = c[1];
  img.data[i + 2] = c[2];
}

export function getPixel(img: RgbImage, x: number, y: number): [number, number, number] {
  const i = (Math.floor(y) * img.width + Math.floor(x)) * 3;
  return [img.data[i] ?? 0, img.data[i + 1] ?? 0, img.data[i + 2] ?? 0];
}

/** Fills a convex polygon given in pixel coordinates, sampling at pixel centres. */
export function fillConvex(img: RgbImage, poly: readonly Vec2[], c: Rgb): void {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of poly) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const y0 = Math.max(0, Math.ceil(minY - 0.5));
  const y1 = Math.min(img.height - 1, Math.floor(maxY - 0.5));
  for (let y = y0; y <= y1; y++) {
    const sy = y + 0.5;
    let xl = Infinity;
    let xr = -Infinity;
    // Scanline crossings of a convex polygon form one interval.
    for (let i = 0; i < poly.length; i++) {
      const a = poly[i]!;
      const b = poly[(i + 1) % poly.length]!;
      if ((a[1] <= sy && b[1] > sy) || (b[1] <= sy && a[1] > sy)) {
        const x = a[0] + ((sy - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
        xl = Math.min(xl, x);
        xr = Math.max(xr, x);
      }
    }
    if (xl > xr) continue;
    const x0 = Math.max(0, Math.ceil(xl - 0.5));
    const x1 = Math.min(img.width - 1, Math.floor(xr - 0.5));
    for (let x = x0; x <= x1; x++) setPixel(img, x, y, c);
  }
}

export function fillCircle(img: RgbImage, cx: number, cy: number, r: number, c: Rgb): void {
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(img.height - 1, Math.ceil(cy + r));
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    const half = r * r - dy * dy;
    if (half < 0) continue;
    const w = Math.sqrt(half);
    const x0 = Math.max(0, Math.ceil(cx - w - 0.5));
    const x1 = Math.min(img.width - 1, Math.floor(cx + w - 0.5));
    for (let x = x0; x <= x1; x++) setPixel(img, x, y, c);
  }
}

/** One-pixel line (DDA), used for outlines and arm links. */
export function drawLine(img: RgbImage, a: Vec2, b: Vec2, c: Rgb, thickness = 1): void {
  const n = Math.max(1, Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1])) * 2));
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const x = a[0] + t * (b[0] - a[0]);
    const y = a[1] + t * (b[1] - a[1]);
    if (thickness <= 1) setPixel(img, Math.floor(x), Math.floor(y), c);
    else fillCircle(img, x, y, thickness / 2, c);
  }
}

export function drawPolygonOutline(img: RgbImage, poly: readonly Vec2[], c: Rgb): void {
  for (let i = 0; i < poly.length; i++) drawLine(img, poly[i]!, poly[(i + 1) % poly.length]!, c);
}
