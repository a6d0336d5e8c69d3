/**
 * The flawless lane-keeping policy: curvature feed-forward plus a Stanley-style correction of
 * heading and lateral error, all from the observation alone.
 */
import { DEFAULT_SPEED, MAX_STEER, WHEELBASE } from '../lane/laneEnv';

const HEADING_GAIN = 1.0;
const LATERAL_GAIN = 0.8;

export function laneSteer(obs: Float32Array | readonly number[], feedForward = true): number {
  const lateral = obs[0] ?? 0;
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
