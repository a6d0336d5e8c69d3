/**
 * Pick-and-place with the SO-101: joint-position actions drive rate-limited servos; a cube lies
 * on the table and must end up on a target pad. The world is kinematic but honest: the cube
 * moves only while grasped (jaws closing with the gripper frame at the cube), follows the
 * gripper rigidly while held, and falls straight to the table when released.
 */
import { forwardKinematics, translationOf, axisOf, type KinematicChain } from '../../kinematics';
import type { Env, EnvSpec, RgbImage, StepResult } from '../types';
import { Rng } from '../random';
import { wrapAngle } from '../geometry';
import { solveIk } from './ik';
import {
  ARM_JOINTS,
  GRIPPER_CLOSED_BELOW,
  GRIPPER_FRAME,
  GRIPPER_OPEN,
  jointRecord,
  so101Chain,
} from './so101';
import { renderArm } from './armRender';

export const CUBE_HALF = 0.015;
export const PAD_RADIUS = 0.035;
/** Grasp succeeds when the jaws close with the gripper frame this close to the cube centre (m). */
export const GRASP_DISTANCE = 0.02;
/**
 * A parallel gripper holds a cube only by a pair of opposite faces: the jaws' heading must be
 * within this angle (rad) of a face direction (modulo a quarter turn). Closing across a corner or
 * an edge squeezes the cube out sideways instead; 25 deg is about where the SO-101's flat jaw pads
 * still meet a 3 cm cube on its faces.
 */
export const JAW_ALIGN_TOLERANCE = (25 * Math.PI) / 180;
/**
 * Servo speed (rad/s): the SO-101's Feetech STS3215 turns 60 deg in 0.222 s without load at
 * 7.4 V (about 4.7 rad/s); the follower reaches it only on long moves, so every joint, the
 * gripper included, is limited to it and no faster.
 */
const MAX_JOINT_SPEED = 4.7;
const MAX_GRIPPER_SPEED = 4.7;
const GRAVITY = 9.81;
/** LeRobot records and teleoperates the SO-101 at 30 Hz. */
export const CONTROL_HZ = 30;
/** Physics substeps per control step (150 Hz for the falling cube and the grasp check). */
const SUBSTEPS = 5;
/** A stuck or lost episode ends after this long (s): longer than any worse operator's success. */
const MAX_SECONDS = 44;
/** The top camera (px): 4:3 like a real camera, the size measured in src/sim/README.md. */
const IMAGE = { width: 320, height: 240 };

export const ARM_SPEC: EnvSpec = {
  name: 'arm',
  observation: [...ARM_JOINTS, 'block_x', 'block_y', 'block_z', 'block_yaw', 'pad_x', 'pad_y'],
  action: [...ARM_JOINTS],
  controlHz: CONTROL_HZ,
  maxSteps: MAX_SECONDS * CONTROL_HZ,
  image: IMAGE,
};

export interface ArmOptions {
  /** URDF text; defaults to resources/robots/so101 under the working directory. */
  urdf?: string;
}

export class ArmEnv implements Env<Float32Array> {
  readonly spec = ARM_SPEC;
  readonly chain: KinematicChain;
  private readonly limits: { lower: number; upper: number }[];
  private q: Float64Array = new Float64Array(6);
  private block: [number, number, number, number] = [0, 0, CUBE_HALF, 0];
  private pad: [number, number] = [0, 0];
  private held: { offset: [number, number, number]; yawOffset: number } | undefined;
  private fallSpeed = 0;
  private steps = 0;

  constructor(options: ArmOptions = {}) {
    this.chain = so101Chain(options.urdf);
    this.limits = ARM_JOINTS.map((name) => {
      const lim = this.chain.robot.joints.find((j) => j.name === name)?.limit;
      if (!lim) throw new Error(`SO-101 URDF lacks limits for ${name}`);
      return lim;
    });
  }

  reset(seed: number): Float32Array {
    const rng = new Rng(seed);
    const place = (): [number, number] => {
      const r = rng.uniform(0.2, 0.28);
      const a = rng.uniform(-0.9, 0.9);
      return [r * Math.cos(a), r * Math.sin(a)];
    };
    const cube = place();
    let pad = place();
    while (Math.hypot(pad[0] - cube[0], pad[1] - cube[1]) < 0.1) pad = place();
    this.block = [cube[0], cube[1], CUBE_HALF, rng.uniform(-Math.PI / 4, Math.PI / 4)];
    this.pad = pad;
    // Start from a ready pose above the table, jaws half open.
    const ready = solveIk(this.chain, [0, 0, 0, 0, 0, 0], [0.2, 0, 0.15]);
    if (!ready) throw new Error('SO-101 ready pose is out of reach');
    this.q = ready;
    this.q[5] = GRIPPER_OPEN / 2;
    this.held = undefined;
    this.fallSpeed = 0;
    this.steps = 0;
    return this.observe();
  }

  step(action: Float32Array | readonly number[]): StepResult<Float32Array> {
    const dt = 1 / CONTROL_HZ / SUBSTEPS;
    const wasOpen = this.q[5]! >= GRIPPER_CLOSED_BELOW;
    for (let s = 0; s < SUBSTEPS; s++) {
      for (let i = 0; i < 6; i++) {
        const lim = this.limits[i]!;
        const raw = action[i];
        const target = Math.min(lim.upper, Math.max(lim.lower, Number.isFinite(raw) ? raw! : this.q[i]!));
        const vmax = (i === 5 ? MAX_GRIPPER_SPEED : MAX_JOINT_SPEED) * dt;
        this.q[i] = this.q[i]! + Math.max(-vmax, Math.min(vmax, target - this.q[i]!));
      }
      this.updateBlock(dt, wasOpen);
    }
    this.steps++;
    const onPad = this.blockOnPad();
    const settled = !this.held && this.block[2] <= CUBE_HALF + 1e-9;
    const success = onPad && settled && this.q[5]! >= GRIPPER_CLOSED_BELOW;
    const dist = Math.hypot(this.block[0] - this.pad[0], this.block[1] - this.pad[1]);
    return {
      obs: this.observe(),
      reward: success ? 1 : Math.max(0, 1 - dist / 0.3) * 0.5,
      done: success || this.steps >= this.spec.maxSteps,
      success,
      info: { grasped: this.held !== undefined, onPad, step: this.steps },
    };
  }

  render(): RgbImage {
    const poses = forwardKinematics(this.chain, jointRecord(this.q));
    return renderArm(poses, this.block, this.pad, this.held !== undefined, IMAGE.width, IMAGE.height);
  }

  get grasped(): boolean {
    return this.held !== undefined;
  }

  gripperPosition(): [number, number, number] {
    return translationOf(forwardKinematics(this.chain, jointRecord(this.q)).get(GRIPPER_FRAME)!);
  }

  private updateBlock(dt: number, wasOpen: boolean): void {
    const frame = forwardKinematics(this.chain, jointRecord(this.q)).get(GRIPPER_FRAME)!;
    const g = translationOf(frame);
    const jawYaw = yawOfFrame(frame);
    const closed = this.q[5]! < GRIPPER_CLOSED_BELOW;
    if (this.held) {
      if (!closed) {
        this.held = undefined;
        this.fallSpeed = 0;
      } else {
        const [ox, oy, oz] = this.held.offset;
        // Offset kept in the gripper frame: the cube turns and moves with the jaws.
        this.block = [
          g[0] + frame[0]! * ox + frame[1]! * oy + frame[2]! * oz,
          g[1] + frame[4]! * ox + frame[5]! * oy + frame[6]! * oz,
          Math.max(CUBE_HALF, g[2] + frame[8]! * ox + frame[9]! * oy + frame[10]! * oz),
          wrapAngle(jawYaw + this.held.yawOffset),
        ];
        return;
      }
    }
    // Jaws that were open at the start of this control step and close now grasp a cube they surround.
    if (
      wasOpen &&
      closed &&
      Math.hypot(g[0] - this.block[0], g[1] - this.block[1], g[2] - this.block[2]) < GRASP_DISTANCE &&
      jawsSquare(jawYaw, this.block[3])
    ) {
      const d = [this.block[0] - g[0], this.block[1] - g[1], this.block[2] - g[2]];
      this.held = {
        offset: [
          frame[0]! * d[0]! + frame[4]! * d[1]! + frame[8]! * d[2]!,
          frame[1]! * d[0]! + frame[5]! * d[1]! + frame[9]! * d[2]!,
          frame[2]! * d[0]! + frame[6]! * d[1]! + frame[10]! * d[2]!,
        ],
        yawOffset: wrapAngle(this.block[3] - jawYaw),
      };
      return;
    }
    if (this.block[2] > CUBE_HALF) {
      this.fallSpeed += GRAVITY * dt;
      this.block[2] = Math.max(CUBE_HALF, this.block[2] - this.fallSpeed * dt);
      if (this.block[2] === CUBE_HALF) this.fallSpeed = 0;
    }
  }

  private blockOnPad(): boolean {
    return Math.hypot(this.block[0] - this.pad[0], this.block[1] - this.pad[1]) < PAD_RADIUS;
  }

  private observe(): Float32Array {
    return Float32Array.from([...this.q, ...this.block, ...this.pad]);
  }
}

/** Whether jaws at heading `jawYaw` meet a cube of yaw `cubeYaw` on a pair of faces. */
export function jawsSquare(jawYaw: number, cubeYaw: number): boolean {
  const d = wrapAngle(jawYaw - cubeYaw);
  const quarter = Math.PI / 2;
  return Math.abs(d - quarter * Math.round(d / quarter)) <= JAW_ALIGN_TOLERANCE;
}

/** Heading of the jaws about the vertical for joint values `q` (rad). */
export function jawYawOf(chain: KinematicChain, q: ArrayLike<number>): number {
  return yawOfFrame(forwardKinematics(chain, jointRecord(q)).get(GRIPPER_FRAME)!);
}

/** Heading of the jaws about the vertical: the frame's x axis projected on the table. */
function yawOfFrame(frame: Float64Array): number {
  const x = axisOf(frame, 0);
  return Math.atan2(x[1], x[0]);
}
