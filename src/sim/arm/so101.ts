/** The SO-101 arm as the simulators use it: its URDF, joint order and gripper conventions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SO101_JOINTS } from '../../common/robot/jointMapping';
import { buildChain, parseUrdf, type KinematicChain } from '../../kinematics';

/** The arm's joints in chain order: the same list the viewer maps recordings onto. */
export const ARM_JOINTS = SO101_JOINTS;
export const GRIPPER_FRAME = 'gripper_frame_link';
/** Gripper joint (rad): open jaws, closed jaws, and the value below which the jaws count as closed. */
export const GRIPPER_OPEN = 1.2;
export const GRIPPER_CLOSED = 0;
export const GRIPPER_CLOSED_BELOW = 0.3;

export const SO101_URDF_RELATIVE = join('resources', 'robots', 'so101', 'so101_new_calib.urdf');

/** Reads the URDF that ships in resources/ (relative to `root`, the repository or app root). */
export function loadSo101Urdf(root: string = process.cwd()): string {
  return readFileSync(join(root, SO101_URDF_RELATIVE), 'utf8');
}

const chains = new Map<string, KinematicChain>();

/** Parsed once per URDF text: experts and envs share the chain. */
export function so101Chain(urdf?: string): KinematicChain {
  const text = urdf ?? loadSo101Urdf();
  let chain = chains.get(text);
  if (!chain) {
    chain = buildChain(parseUrdf(text));
    chains.set(text, chain);
  }
  return chain;
}

export function jointRecord(q: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  ARM_JOINTS.forEach((name, i) => (out[name] = q[i] ?? 0));
  return out;
}
