import type { Locator } from '@playwright/test';

/** Pixels of the 3D canvas in a colour: the arm camera's table (205,185,150) or the toy robot's red. */
export async function countPixels(canvas: Locator, colour: 'table' | 'red'): Promise<number> {
  return canvas.evaluate(async (c: HTMLCanvasElement, colour) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (
        colour === 'table'
          ? Math.abs(r - 205) + Math.abs(g - 185) + Math.abs(b - 150) < 60
          : r > 150 && r - g > 80 && r - b > 80
      )
        n++;
    }
    return n;
  }, colour);
}
