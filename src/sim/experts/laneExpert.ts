/**
 * The lane-keeping demonstrator: the steering oracle plus a driver's flaws and habits. Its
 * decision point is corner entry, where a hesitant driver lifts off to a crawl and keeps steering;
 * its second strategy is a racing line that hugs the inside of every corner.
 */
import { DEFAULT_SPEED, LANE_SPEC, MAX_STEER } from '../lane/laneEnv';
import type { ExpertOptions } from './expert';
import { ScriptedExpert } from './scriptedExpert';
import { laneOracle, laneSteer, type LaneLine } from './laneOracle';

/** A corner starts when the curvature 10 m ahead exceeds this (1/m). */
const CORNER = 0.03;
/** Steering scale of detours and spikes (rad): a wander must be able to reach the road edge. */
const WANDER_STEER = 1.5;
/** Hesitating drivers lift off to this speed (m/s). */
export const HESITANT_SPEED = 4;

export class LaneExpert extends ScriptedExpert {
  private previous: [number, number] | undefined;
  private inCorner = false;
  /** A botched corner: steering without feed-forward (a late turn-in) for this many steps. */
  private lateTurn = 0;

  constructor(options: ExpertOptions = {}) {
    super(options, 2, LANE_SPEC.controlHz);
  }

  protected resetEpisode(): void {
    this.previous = undefined;
    this.inCorner = false;
    this.lateTurn = 0;
    this.flaws.describeSecondStrategy('hugs the inside of every corner');
  }

  oracle(obs: Float32Array): Float32Array {
    return laneOracle(obs);
  }

  act(obs: Float32Array): Float32Array {
    const line: LaneLine = this.flaws.secondStrategy ? 'inside' : 'centre';
    const corner = Math.abs(obs[5] ?? 0) > CORNER;
    if (corner && !this.inCorner) this.flaws.reach('corner entry');
    const f = this.flaws.next();
    const step = this.flaws.step - 1;
    const rng = this.flaws.rng;
    if (corner && !this.inCorner && rng.chance(this.profile.failRate)) {
      this.lateTurn = rng.int(4, 12);
      this.flaws.log('failed_attempt', step, this.lateTurn, { what: 'late turn-in' });
    }
    this.inCorner = corner;
    let steer = laneSteer(obs, this.lateTurn === 0, line);
    if (this.lateTurn > 0) this.lateTurn--;
    let speed = DEFAULT_SPEED;
    if (f.pause) {
      steer = this.previous?.[0] ?? steer;
      speed = HESITANT_SPEED;
    }
    if (f.detour) steer += f.detour[0]! * WANDER_STEER;
    if (f.hold && this.previous) [steer, speed] = this.previous;
    if (f.spike) steer += f.spike[0]! * WANDER_STEER;
    steer += f.noise[0]! * MAX_STEER;
    speed += f.noise[1]! * DEFAULT_SPEED;
    // Lifting off into the corner: a crawl, whatever else the foot was doing; the hands still steer.
    if (this.flaws.hesitating()) speed = Math.min(speed, HESITANT_SPEED);
    steer = Math.max(-MAX_STEER, Math.min(MAX_STEER, steer));
    this.previous = [steer, speed];
    return Float32Array.of(steer, speed);
  }
}
