/**
 * The PushT scene as the simulator draws its camera (src/sim/pusht): a square arena of ARENA
 * units, y pointing down, drawn at `size / ARENA` pixels per unit with pixel i covering [i, i+1).
 * Shared with the renderer so the labelling screen draws the same scene and maps a pointer on the
 * image back to the environment's coordinates exactly.
 */

export type Pose = readonly [x: number, y: number, angle: number];
export type Point = readonly [number, number];

export const ARENA = 512;
export const AGENT_RADIUS = 15;
export const TEE_SCALE = 30;
export const TEE_LENGTH = 4;
export const GOAL_POSE: Pose = [256, 256, Math.PI / 4];

const S = TEE_SCALE;
const L = TEE_LENGTH;
/** The T's two rectangles in the block's body frame: a 120 x 30 bar on top of a 30 x 90 stem. */
export const TEE_BAR: readonly Point[] = [
  [(-L * S) / 2, S],
  [(L * S) / 2, S],
  [(L * S) / 2, 0],
  [(-L * S) / 2, 0],
];
export const TEE_STEM: readonly Point[] = [
  [-S / 2, S],
  [-S / 2, L * S],
  [S / 2, L * S],
  [S / 2, S],
];
/** Outline of the whole T (8 corners). */
export const TEE_OUTLINE: readonly Point[] = [
  [-60, 0],
  [60, 0],
  [60, 30],
  [15, 30],
  [15, 120],
  [-15, 120],
  [-15, 30],
  [-60, 30],
];

/** The benchmark's colours, as CSS. */
export const PUSHT_COLORS = {
  background: 'rgb(255,255,255)',
  goal: 'rgb(144,238,144)',
  goalOutline: 'rgb(60,160,60)',
  block: 'rgb(119,136,153)',
  agent: 'rgb(65,105,225)',
} as const;

/** Where an image of `image` pixels lies in a box shown `object-fit: contain` (SVG's default `meet`). */
export interface ShownImage {
  left: number;
  top: number;
  width: number;
  height: number;
  image: { width: number; height: number };
}

function fit(shown: ShownImage): { scale: number; x0: number; y0: number } {
  const scale = Math.min(shown.width / shown.image.width, shown.height / shown.image.height);
  return {
    scale,
    x0: shown.left + (shown.width - shown.image.width * scale) / 2,
    y0: shown.top + (shown.height - shown.image.height * scale) / 2,
  };
}

/**
 * A point on the shown image (client pixels) in the arena's coordinates: the inverse of the
 * camera's `env * size / ARENA`. Points off the image are clamped to the arena.
 */
export function imageToArena(shown: ShownImage, clientX: number, clientY: number): [number, number] {
  const { scale, x0, y0 } = fit(shown);
  const u = (clientX - x0) / scale;
  const v = (clientY - y0) / scale;
  const clamp = (a: number) => Math.min(ARENA, Math.max(0, a));
  return [clamp((u * ARENA) / shown.image.width), clamp((v * ARENA) / shown.image.height)];
}

/** An arena point where it shows on the image (client pixels). */
export function arenaToImage(shown: ShownImage, x: number, y: number): [number, number] {
  const { scale, x0, y0 } = fit(shown);
  return [x0 + ((x * shown.image.width) / ARENA) * scale, y0 + ((y * shown.image.height) / ARENA) * scale];
}
