/**
 * Geometry of the PushT scene, in the benchmark's pixel units (a 512 x 512 arena, y pointing down
 * in images). The T is two rectangles in the block's body frame: a 120 x 30 bar on top of a
 * 30 x 90 stem. The body origin is the middle of the bar's edge, as in the Diffusion Policy env,
 * so the block pose in observations means the same thing there and here.
 */
import { convexOverlapArea, transformPolygon, type Pose2, type Vec2 } from '../geometry';
import {
  GOAL_POSE as SCENE_GOAL,
  TEE_BAR,
  TEE_LENGTH,
  TEE_SCALE,
  TEE_STEM,
} from '../../common/sim/pushtScene';

export { AGENT_RADIUS, ARENA, TEE_BAR, TEE_OUTLINE, TEE_STEM } from '../../common/sim/pushtScene';
const SCALE = TEE_SCALE;
const LENGTH = TEE_LENGTH;
export const TEE_PARTS: readonly (readonly Vec2[])[] = [TEE_BAR, TEE_STEM];

export const TEE_AREA = LENGTH * SCALE * SCALE + (LENGTH - 1) * SCALE * SCALE;

/**
 * Centre of mass as the reference sets it: the mean of the two parts' centroids (not the
 * area-weighted centroid), so pushes turn the block the way they do in the benchmark.
 */
export const TEE_COM: Vec2 = [0, (SCALE / 2 + (SCALE + (LENGTH * SCALE - SCALE) / 2)) / 2];
export const TEE_MASS = 1;
/** Moment about the centre of mass: the reference adds the bar's moment about the origin twice. */
export const TEE_INERTIA = 2 * TEE_MASS * (((LENGTH * SCALE) ** 2 + SCALE ** 2) / 12 + (SCALE / 2) ** 2);

export const GOAL_POSE: Pose2 = [SCENE_GOAL[0], SCENE_GOAL[1], SCENE_GOAL[2]];

export const SUCCESS_COVERAGE = 0.95;

export function teeParts(pose: Pose2): [number, number][][] {
  return TEE_PARTS.map((part) => transformPolygon(pose, part));
}

/**
 * Fraction of the goal T's area covered by the block, computed exactly: both Ts are unions of two
 * convex rectangles with disjoint interiors, so the overlap is the sum of four convex clips.
 */
export function coverage(block: Pose2, goal: Pose2 = GOAL_POSE): number {
  const a = teeParts(block);
  const b = teeParts(goal);
  let area = 0;
  for (const pa of a) for (const pb of b) area += convexOverlapArea(pa, pb);
  return Math.min(1, area / TEE_AREA);
}
