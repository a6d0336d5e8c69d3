/** The pick-and-place demonstrator: the arm oracle plus a teleoperator's flaws. */
import type { KinematicChain } from '../../kinematics';
import { so101Chain } from '../arm/so101';
import { GRIPPER_OPEN } from '../arm/so101';
import { ARM_SPEC } from '../arm/armEnv';
import type { ExpertOptions } from './expert';
import { ScriptedExpert } from './scriptedExpert';
import { armDecide, armJointTargets, armOracle, type ArmPhase } from './armOracle';

/** Detours and spikes are scaled to this many metres / radians. */
const WANDER_METRES = 0.15;
const SPIKE_RADIANS = 1;
const NOISE_RADIANS = 0.2;

export interface ArmExpertOptions extends ExpertOptions {
  urdf?: string;
}

export class ArmExpert extends ScriptedExpert {
  private readonly chain: KinematicChain;
  private previous: Float32Array | undefined;
  private lastPhase: ArmPhase | undefined;
  /** A botched grasp: the jaws aim this far off the cube until they close. */
  private graspMiss: [number, number, number] | undefined;

  constructor(options: ArmExpertOptions = {}) {
    super(options, 3, ARM_SPEC.controlHz);
    this.chain = so101Chain(options.urdf);
  }

  protected resetEpisode(): void {
    this.previous = undefined;
    this.lastPhase = undefined;
    this.graspMiss = undefined;
  }

  oracle(obs: Float32Array): Float32Array {
    return armOracle(this.chain, obs);
  }

  act(obs: Float32Array): Float32Array {
    const f = this.flaws.next();
    const step = this.flaws.step - 1;
    const rng = this.flaws.rng;
    const decision = armDecide(this.chain, obs);
    if (
      decision.phase === 'descend' &&
      this.lastPhase !== 'descend' &&
      !this.graspMiss &&
      rng.chance(this.profile.failRate)
    ) {
      const a = rng.uniform(0, 2 * Math.PI);
      const r = rng.uniform(0.022, 0.035);
      this.graspMiss = [Math.cos(a) * r, Math.sin(a) * r, 0];
      this.flaws.log('failed_attempt', step, 1, { what: 'missed grasp', offset: r });
    }
    this.lastPhase = decision.phase;
    let offset: [number, number, number] = [0, 0, 0];
    if (this.graspMiss && (decision.phase === 'descend' || decision.phase === 'grasp'))
      offset = this.graspMiss;
    if (decision.phase === 'grasp') this.graspMiss = undefined;
    if (decision.phase === 'carry' && rng.chance(this.flaws.perStep(this.profile.releaseRate))) {
      decision.gripper = GRIPPER_OPEN;
      this.flaws.log('premature_release', step, 1);
    }
    if (f.detour)
      offset = [
        offset[0] + f.detour[0]! * WANDER_METRES,
        offset[1] + f.detour[1]! * WANDER_METRES,
        offset[2] + Math.abs(f.detour[2]!) * WANDER_METRES,
      ];
    let action = armJointTargets(this.chain, obs, decision, offset);
    if (f.pause) action = Float32Array.from(obs.subarray(0, 6));
    if (f.hold && this.previous) action = this.previous.slice();
    for (let i = 0; i < 5; i++) {
      action[i] = action[i]! + f.noise[i % 3]! * NOISE_RADIANS * (i === 0 ? 1 : 0.5);
      if (f.spike) action[i] = action[i]! + f.spike[i % 3]! * SPIKE_RADIANS;
    }
    this.previous = action.slice();
    return action;
  }
}
