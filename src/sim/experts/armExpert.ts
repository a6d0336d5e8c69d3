/**
 * The pick-and-place demonstrator: the arm oracle plus a teleoperator's flaws and habits. What
 * each models is in src/sim/README.md ("Arm demonstrator and its operators").
 */
import type { KinematicChain } from '../../kinematics';
import { so101Chain } from '../arm/so101';
import { GRIPPER_CLOSED_BELOW, GRIPPER_OPEN } from '../arm/so101';
import { ARM_SPEC } from '../arm/armEnv';
import { Rng } from '../random';
import type { ExpertOptions } from './expert';
import { ScriptedExpert } from './scriptedExpert';
import { armDecide, armJointTargets, armOracle, type ArmPhase } from './armOracle';

/** Detours and spikes are scaled to this many metres / radians. */
const WANDER_METRES = 0.15;
const SPIKE_RADIANS = 1;
const NOISE_RADIANS = 0.2;
const ROLL_SIGN_STREAM = 0x5f3759df;
/**
 * A hand on a leader arm does not shake independently at every control step: it is off from where
 * it means to be by a drift correlated over about this long (s). The profile's noise is the
 * drift's standard deviation, so it means the same at any control rate. Each command moves by the
 * drift's change (the oracle steers from where the arm is, so the offset itself is already there).
 */
const DRIFT_SECONDS = 0.3;
const DRIFT_KEEP = Math.exp(-1 / (DRIFT_SECONDS * ARM_SPEC.controlHz));

export interface ArmExpertOptions extends ExpertOptions {
  urdf?: string;
}

export class ArmExpert extends ScriptedExpert {
  private readonly chain: KinematicChain;
  private previous: Float32Array | undefined;
  private lastPhase: ArmPhase | undefined;
  /** A botched grasp: the operator aims this far off the cube (m, xy) until the jaws close. */
  private graspMiss: [number, number] | undefined;
  /** The decision point this approach has already arrived at (one hesitation chance per arrival). */
  private arrived: 'cube' | 'pad' | undefined;
  /** The second strategy's wrist turn (rad): 0, or a quarter turn either way, for the episode. */
  private rollOffset = 0;
  /** The jaws were let go too early: they open until the cube is dropped. */
  private releasing = false;
  /** The hand's slow drift, per noise dimension (fraction of the action scale). */
  private drift = [0, 0, 0];

  constructor(options: ArmExpertOptions = {}) {
    super(options, 3, ARM_SPEC.controlHz);
    this.chain = so101Chain(options.urdf);
  }

  protected resetEpisode(): void {
    this.previous = undefined;
    this.lastPhase = undefined;
    this.graspMiss = undefined;
    this.arrived = undefined;
    this.releasing = false;
    this.drift = [0, 0, 0];
    this.rollOffset = 0;
    if (this.flaws.secondStrategy) {
      // Its own stream, so that the random flaws fall on the same steps either way.
      const sign = new Rng(this.meta().expertSeed ^ ROLL_SIGN_STREAM).chance(0.5) ? 1 : -1;
      this.rollOffset = (sign * Math.PI) / 2;
      this.flaws.describeSecondStrategy('quarter-turn grasp', { roll: this.rollOffset });
    }
  }

  oracle(obs: Float32Array): Float32Array {
    return armOracle(this.chain, obs);
  }

  act(obs: Float32Array): Float32Array {
    const step = this.flaws.step;
    const rng = this.flaws.rng;
    // A missed grasp ends when the jaws have closed on nothing.
    if (this.graspMiss && obs[5]! < GRIPPER_CLOSED_BELOW) this.graspMiss = undefined;
    let decision = armDecide(this.chain, this.aimed(obs));
    if (this.arrive(decision.phase) === 'cube' && !this.graspMiss && rng.chance(this.profile.failRate)) {
      const a = rng.uniform(0, 2 * Math.PI);
      const r = rng.uniform(0.022, 0.035);
      this.graspMiss = [Math.cos(a) * r, Math.sin(a) * r];
      this.flaws.log('failed_attempt', step, 1, { what: 'missed grasp', offset: r });
      decision = armDecide(this.chain, this.aimed(obs));
    }
    this.lastPhase = decision.phase;
    const f = this.flaws.next();
    if (decision.phase !== 'carry') this.releasing = false;
    else if (!this.releasing && rng.chance(this.flaws.perStep(this.profile.releaseRate))) {
      this.releasing = true;
      this.flaws.log('premature_release', step, 1);
    }
    const offset: [number, number, number] = f.detour
      ? [f.detour[0]! * WANDER_METRES, f.detour[1]! * WANDER_METRES, Math.abs(f.detour[2]!) * WANDER_METRES]
      : [0, 0, 0];
    let action = armJointTargets(this.chain, this.aimed(obs), decision, offset, this.rollOffset);
    // A relaxed trigger opens the jaws at once, not at the deliberate squeezing pace.
    if (this.releasing) action[5] = GRIPPER_OPEN;
    if (f.pause || this.flaws.hesitating()) action = Float32Array.from(obs.subarray(0, 6));
    if (f.hold && this.previous) action = this.previous.slice();
    const fresh = Math.sqrt(1 - DRIFT_KEEP * DRIFT_KEEP);
    const drift = this.drift.map((d, i) => d * DRIFT_KEEP + f.noise[i]! * fresh);
    const shake = drift.map((d, i) => d - this.drift[i]!);
    this.drift = drift;
    for (let i = 0; i < 5; i++) {
      action[i] = action[i]! + shake[i % 3]! * NOISE_RADIANS * (i === 0 ? 1 : 0.5);
      if (f.spike) action[i] = action[i]! + f.spike[i % 3]! * SPIKE_RADIANS;
    }
    this.previous = action.slice();
    return action;
  }

  /** The observation as the operator sees it: the cube where they think it is. */
  private aimed(obs: Float32Array): Float32Array {
    if (!this.graspMiss) return obs;
    const seen = obs.slice();
    seen[6] = seen[6]! + this.graspMiss[0];
    seen[7] = seen[7]! + this.graspMiss[1];
    return seen;
  }

  /**
   * Aligned above the cube (about to go down) or above the pad (about to lower it): the task's
   * decision points. Says which one this step first arrives at, once per approach.
   */
  private arrive(phase: ArmPhase): 'cube' | 'pad' | undefined {
    if (phase === 'descend' && this.arrived !== 'cube') {
      this.arrived = 'cube';
      this.flaws.reach('above cube');
      return 'cube';
    }
    if (phase === 'lower' && this.arrived !== 'pad') {
      this.arrived = 'pad';
      this.flaws.reach('above pad');
      return 'pad';
    }
    // An approach ends when its attempt is resolved: the cube lifted or missed, or let go of.
    const over =
      this.arrived === 'cube'
        ? phase === 'lift' || phase === 'carry' || phase === 'open'
        : phase !== 'lower' && phase !== 'carry' && phase !== 'lift';
    if (over) this.arrived = undefined;
    return undefined;
  }
}
