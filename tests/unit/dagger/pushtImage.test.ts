import { describe, expect, it } from 'vitest';
import { arenaToImage, imageToArena, type ShownImage } from '../../../src/common/sim/pushtScene';
import { renderPushT, COLORS } from '../../../src/sim/pusht/pushtRender';
import { GOAL_POSE } from '../../../src/sim/pusht/tee';

/** Centroid of the agent's pixels in a rendered PushT image, in continuous image pixels. */
function agentCentroid(img: ReturnType<typeof renderPushT>): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      if (
        img.data[i] === COLORS.agent[0] &&
        img.data[i + 1] === COLORS.agent[1] &&
        img.data[i + 2] === COLORS.agent[2]
      ) {
        sx += x + 0.5;
        sy += y + 0.5;
        n++;
      }
    }
  expect(n).toBeGreaterThan(10);
  return [sx / n, sy / n];
}

describe('PushT image to arena coordinates', () => {
  // The image shown in a wide box (object-fit: contain leaves bars left and right) at an offset.
  const shownAt = (size: number): ShownImage => ({
    left: 40,
    top: 25,
    width: 700,
    height: 480,
    image: { width: size, height: size },
  });

  for (const size of [96, 512]) {
    it(`finds the rendered agent where the simulator put it (${size} px camera)`, () => {
      const shown = shownAt(size);
      const scale = 480 / size;
      for (const agent of [
        [100, 120],
        [256.5, 300.25],
        [430, 60],
      ] as const) {
        const img = renderPushT([agent[0], agent[1]], [150, 380, 0.3], size);
        const [u, v] = agentCentroid(img);
        // Where that pixel position lies on screen: contain-fit leaves (700 - 480) / 2 on the left.
        const clientX = 40 + 110 + u * scale;
        const clientY = 25 + v * scale;
        const [x, y] = imageToArena(shown, clientX, clientY);
        // A disk of 2.8 camera pixels (96 px) sampled at pixel centres keeps its centroid within a
        // quarter of a camera pixel of its centre.
        const tol = (0.25 * 512) / size;
        expect(Math.abs(x - agent[0])).toBeLessThan(tol);
        expect(Math.abs(y - agent[1])).toBeLessThan(tol);
      }
    });
  }

  it('is the exact inverse of arenaToImage and clamps to the arena', () => {
    const shown = shownAt(96);
    for (const p of [
      [0, 0],
      [GOAL_POSE[0], GOAL_POSE[1]],
      [511.75, 3.5],
    ] as const) {
      const [cx, cy] = arenaToImage(shown, p[0], p[1]);
      const [x, y] = imageToArena(shown, cx, cy);
      expect(x).toBeCloseTo(p[0], 9);
      expect(y).toBeCloseTo(p[1], 9);
    }
    expect(imageToArena(shown, 0, 10_000)).toEqual([0, 512]);
  });
});
