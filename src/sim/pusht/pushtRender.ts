/** Draws the PushT scene at any resolution, in the benchmark's colours. */
import type { RgbImage } from '../types';
import { createImage, drawPolygonOutline, fillCircle, fillConvex, type Rgb } from '../raster';
import type { Pose2, Vec2 } from '../geometry';
import { AGENT_RADIUS, ARENA, GOAL_POSE, TEE_OUTLINE, teeParts } from './tee';
import { transformPolygon } from '../geometry';

export const COLORS = {
  background: [255, 255, 255] as Rgb,
  goal: [144, 238, 144] as Rgb, // LightGreen
  goalOutline: [60, 160, 60] as Rgb,
  block: [119, 136, 153] as Rgb, // LightSlateGray
  agent: [65, 105, 225] as Rgb, // RoyalBlue
} as const;

export function renderPushT(agent: Vec2, block: Pose2, size: number): RgbImage {
  const img = createImage(size, size, COLORS.background);
  const k = size / ARENA;
  const toPx = (poly: readonly Vec2[]): [number, number][] => poly.map((p) => [p[0] * k, p[1] * k]);
  for (const part of teeParts(GOAL_POSE)) fillConvex(img, toPx(part), COLORS.goal);
  drawPolygonOutline(img, toPx(transformPolygon(GOAL_POSE, TEE_OUTLINE)), COLORS.goalOutline);
  for (const part of teeParts(block)) fillConvex(img, toPx(part), COLORS.block);
  fillCircle(img, agent[0] * k, agent[1] * k, AGENT_RADIUS * k, COLORS.agent);
  return img;
}
