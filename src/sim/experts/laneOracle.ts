/**
 * The flawless lane-keeping policy: curvature feed-forward plus a Stanley-style correction of
 * heading and lateral error, all from the observation alone. The line it holds is the lane centre;
 * a demonstrator's other racing line (`inside`: hug the inside of corners) is a parameter, still a
 * function of the observation only.
 */
import { HALF_WIDTH } from '../lane/track';
import { DEFAULT_SPEED, MAX_STEER, WHEELBASE } from '../lane/laneEnv';

const HEADING_GAIN = 1.0;
const LATERAL_GAIN = 0.8;

export type LaneLine = 'centre' | 'inside';

/**
 * The inside line: in a corner (curvature 10 m ahead past CORNER_FROM, full at CORNER_FULL, 1/m)
 * the car holds this far from the centre towards the inside (m), well clear of the road edge.
 */
const INSIDE_OFFSET = 0.35 * HALF_WIDTH;
const CORNER_FROM = 0.018;
const CORNER_FULL = 0.03;

/** Lateral offset (left positive, m) the line holds for this observation. */
export function laneLineOffset(obs: Float32Array | readonly number[], line: LaneLine = 'centre'): number {
  if (line === 'centre') return 0;
  const curvature = obs[5] ?? 0;
  const depth = (Math.abs(curvature) - CORNER_FROM) / (CORNER_FULL - CORNER_FROM);
  return Math.sign(curvature) * INSIDE_OFFSET * Math.min(1, Math.max(0, depth));
}

export function laneSteer(
  obs: Float32Array | readonly number[],
  feedForward = true,
  line: LaneLine = 'centre',
): number {
  const lateral = (obs[0] ?? 0) - laneLineOffset(obs, line);
  const headingError = obs[1] ?? 0;
  const speed = Math.max(1, obs[2] ?? DEFAULT_SPEED);
  // Curvature 5 m ahead: the car's response lags by about half a second at 8 m/s.
  const curvature = obs[4] ?? 0;
  const ff = feedForward ? Math.atan(WHEELBASE * curvature) : 0;
  const steer = ff - HEADING_GAIN * headingError - Math.atan2(LATERAL_GAIN * lateral, speed);
  return Math.max(-MAX_STEER, Math.min(MAX_STEER, steer));
}

export function laneOracle(obs: Float32Array | readonly number[]): Float32Array {
  return Float32Array.of(laneSteer(obs), DEFAULT_SPEED);
}
