import type { Locator } from '@playwright/test';

export interface CanvasStats {
  total: number;
  /** Distinct colours at 4 bits a channel: a blank or flat canvas has few. */
  colours: number;
  /** The SO-101's printed parts. */
  orange: number;
  /** The end-effector trail. */
  trail: number;
  /** The arm camera's table (205, 185, 150). */
  table: number;
  /** The toy robot's red. */
  red: number;
}

/** Counts of the 3D canvas's pixels by colour, read after the next two animation frames. */
export async function canvasStats(canvas: Locator): Promise<CanvasStats> {
  return canvas.evaluate(async (c: HTMLCanvasElement) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const stats = { total: data.length / 4, colours: 0, orange: 0, trail: 0, table: 0, red: 0 };
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      colours.add((r >> 4) * 256 + (g >> 4) * 16 + (b >> 4));
      if (r > 150 && g > 70 && g < 200 && b < 100 && r - b > 90) stats.orange++;
      if (b > 180 && g > 150 && r < 140) stats.trail++;
      if (Math.abs(r - 205) + Math.abs(g - 185) + Math.abs(b - 150) < 60) stats.table++;
      if (r > 150 && r - g > 80 && r - b > 80) stats.red++;
    }
    stats.colours = colours.size;
    return stats;
  });
}

export async function countPixels(canvas: Locator, colour: 'table' | 'red'): Promise<number> {
  return (await canvasStats(canvas))[colour];
}
