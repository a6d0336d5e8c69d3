/**
 * The flawless pick-and-place policy for the SO-101, as state feedback: from the joints, the
 * cube and the pad it works out where the task stands (holding or not, aligned or not) and
 * commands the next joint targets. It keeps no plan, so it also answers states it never visited
 * and recovers on its own from a missed grasp or a dropped cube.
 */
import type { KinematicChain } from '../../kinematics';
import { gripperPose, solveIk } from '../arm/ik';
import { ARM_SPEC, CUBE_HALF, GRASP_DISTANCE } from '../arm/armEnv';
import { GRIPPER_CLOSED, GRIPPER_CLOSED_BELOW, GRIPPER_OPEN } from '../arm/so101';
import { wrapAngle } from '../geometry';

const HOVER = 0.07;
/** Where the pan axis meets the table (m), from the URDF's shoulder_pan origin. */
const PAN_AXIS = [0.0388353, 0] as const;
const CARRY = 0.075;
/**
 * How a careful teleoperator moves the end effector (m/s): at most CRUISE in the open, slowing in
 * proportion to what is left (APPROACH_GAIN, 1/s) as the jaws near the cube or the pad, and never
 * slower than CREEP, so that they do arrive. People doing pick-and-place through a leader arm move
 * at about 0.05-0.2 m/s and slow down markedly for the last few centimetres.
 */
const CRUISE = 0.2;
const APPROACH_GAIN = 2;
const CREEP = 0.02;
/**
 * Jaws open and close at the speed a hand squeezes the leader's trigger (rad/s): from open to
 * closing on the cube takes about 0.6 s, the moment to settle before the grip takes hold; opening
 * again is just as deliberate. The wrist rolls at most WRIST_ROLL_SPEED (rad/s).
 */
const SQUEEZE_SPEED = 1.5;
const WRIST_ROLL_SPEED = 1.5;
const CONTROL_HZ = ARM_SPEC.controlHz;
/** Start descending when this well aligned (m); keep descending while within LOOSE. */
const ALIGNED = 0.006;
const LOOSE = 0.012;
const AT_HEIGHT = 0.006;

export type ArmPhase =
  'reach' | 'descend' | 'grasp' | 'lift' | 'carry' | 'lower' | 'release' | 'open' | 'done';

export interface ArmDecision {
  phase: ArmPhase;
  /** Where the gripper frame should go next (m, world). */
  target: [number, number, number];
  gripper: number;
  /** Cube yaw the jaws should line up with. */
  yaw: number;
}

export function armDecide(chain: KinematicChain, obs: Float32Array | readonly number[]): ArmDecision {
  const q = Array.from({ length: 6 }, (_, i) => obs[i] ?? 0);
  const cube: [number, number, number] = [obs[6] ?? 0, obs[7] ?? 0, obs[8] ?? 0];
  const yaw = obs[9] ?? 0;
  const pad: [number, number] = [obs[10] ?? 0, obs[11] ?? 0];
  const g = gripperPose(chain, q).position;
  const closed = q[5]! < GRIPPER_CLOSED_BELOW;
  const nearCube = Math.hypot(g[0] - cube[0], g[1] - cube[1], g[2] - cube[2]) < GRASP_DISTANCE * 1.25;
  const cubeToPad = Math.hypot(cube[0] - pad[0], cube[1] - pad[1]);
  const cubeResting = cube[2] <= CUBE_HALF + 1e-4;
  const decide = (phase: ArmPhase, target: [number, number, number], gripper: number): ArmDecision => ({
    phase,
    target,
    gripper,
    yaw,
  });

  if (cubeResting && cubeToPad < 0.012 && !(closed && nearCube)) {
    return decide(closed ? 'open' : 'done', [g[0], g[1], Math.max(g[2], HOVER)], GRIPPER_OPEN);
  }
  if (closed && nearCube) {
    // Holding (or just closed on) the cube.
    const padXy = Math.hypot(g[0] - pad[0], g[1] - pad[1]);
    if (padXy < ALIGNED || (padXy < LOOSE && g[2] < CARRY - 0.01)) {
      const placeZ = CUBE_HALF + 0.002;
      if (g[2] - placeZ < AT_HEIGHT) return decide('release', [pad[0], pad[1], placeZ], GRIPPER_OPEN);
      return decide('lower', [pad[0], pad[1], placeZ], GRIPPER_CLOSED);
    }
    if (g[2] < CARRY - 0.02 && padXy > 0.03) return decide('lift', [g[0], g[1], CARRY], GRIPPER_CLOSED);
    return decide('carry', [pad[0], pad[1], CARRY], GRIPPER_CLOSED);
  }
  if (closed) return decide('open', [g[0], g[1], Math.max(g[2], cube[2] + 0.03)], GRIPPER_OPEN);
  const xy = Math.hypot(g[0] - cube[0], g[1] - cube[1]);
  if (xy > ALIGNED && !(xy < LOOSE && g[2] < HOVER - 0.01)) {
    // Rise before travelling so the jaws never sweep through the cube.
    if (g[2] < HOVER - 0.02 && xy > 0.02) return decide('reach', [g[0], g[1], HOVER], GRIPPER_OPEN);
    return decide('reach', [cube[0], cube[1], HOVER], GRIPPER_OPEN);
  }
  // Jaws already closing (the gripper joint is the memory) keep closing a little higher up.
  const closing = q[5]! < GRIPPER_OPEN - 0.05 && g[2] - cube[2] < 2 * AT_HEIGHT;
  if (g[2] - cube[2] > AT_HEIGHT && !closing)
    return decide('descend', [cube[0], cube[1], cube[2]], GRIPPER_OPEN);
  return decide('grasp', [cube[0], cube[1], cube[2]], GRIPPER_CLOSED);
}

/**
 * Joint targets that move the gripper one control step toward the decision's target at a
 * person's pace. `rollOffset` turns the jaws from the nearest square grasp (rad; a quarter turn
 * grasps the cube by its other pair of faces).
 */
export function armJointTargets(
  chain: KinematicChain,
  obs: Float32Array | readonly number[],
  decision: ArmDecision,
  offset: readonly [number, number, number] = [0, 0, 0],
  rollOffset = 0,
): Float32Array {
  const q = Array.from({ length: 6 }, (_, i) => obs[i] ?? 0);
  const g = gripperPose(chain, q).position;
  const goal = [
    decision.target[0] + offset[0],
    decision.target[1] + offset[1],
    decision.target[2] + offset[2],
  ];
  const d = [goal[0]! - g[0], goal[1]! - g[1], goal[2]! - g[2]];
  const len = Math.hypot(d[0]!, d[1]!, d[2]!);
  const speed = Math.min(CRUISE, Math.max(CREEP, APPROACH_GAIN * len));
  const move = speed / CONTROL_HZ;
  const k = len > move ? move / len : 1;
  const next: [number, number, number] = [
    g[0] + d[0]! * k,
    g[1] + d[1]! * k,
    Math.max(CUBE_HALF, g[2] + d[2]! * k),
  ];
  // Jaws square to the cube (it looks the same every quarter turn); the pan the target needs sets
  // how much the wrist must roll for that.
  const pan = -Math.atan2(next[1] - PAN_AXIS[1], next[0] - PAN_AXIS[0]);
  const roll = toward(q[4]!, intoRollLimits(wrapQuarter(decision.yaw + pan) + rollOffset), WRIST_ROLL_SPEED);
  const gripper = toward(q[5]!, decision.gripper, SQUEEZE_SPEED);
  const sol = solveIk(chain, [q[0]!, q[1]!, q[2]!, q[3]!, roll, gripper], next);
  // Out of reach (a cube dropped at the edge of the workspace): hold still rather than flail.
  if (!sol) return Float32Array.of(q[0]!, q[1]!, q[2]!, q[3]!, q[4]!, gripper);
  return Float32Array.of(sol[0]!, sol[1]!, sol[2]!, sol[3]!, roll, gripper);
}

/** One control step from `from` toward `to` at `speed` (per second). */
function toward(from: number, to: number, speed: number): number {
  const step = speed / CONTROL_HZ;
  return from + Math.max(-step, Math.min(step, to - from));
}

/**
 * The wrist roll's URDF range is about +/-2.8 rad: a roll beyond it is the same square grasp half
 * a turn round (the cube looks the same every quarter turn).
 */
const ROLL_LIMIT = 2.74;
function intoRollLimits(roll: number): number {
  if (roll > ROLL_LIMIT) return roll - Math.PI;
  if (roll < -ROLL_LIMIT) return roll + Math.PI;
  return roll;
}

export function armOracle(chain: KinematicChain, obs: Float32Array | readonly number[]): Float32Array {
  return armJointTargets(chain, obs, armDecide(chain, obs));
}

function wrapQuarter(a: number): number {
  const quarter = Math.PI / 2;
  return wrapAngle(a) - quarter * Math.round(wrapAngle(a) / quarter);
}
