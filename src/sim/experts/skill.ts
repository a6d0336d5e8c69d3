/**
 * Skill presets for the scripted experts: how often and how badly a demonstrator errs. The
 * numbers are per control step (rates) or in units of each env's action scale (sizes).
 */
import { Rng } from '../random';

export type SkillLevel = 'better' | 'okay' | 'worse';
export type SkillPreset = SkillLevel | 'mixed';
export const SKILL_LEVELS: readonly SkillLevel[] = ['better', 'okay', 'worse'];

export interface FlawProfile {
  /** Gaussian action noise, as a fraction of the action scale. */
  noise: number;
  /** Chance per step of starting a hesitation pause, and its length range in steps. */
  pauseRate: number;
  pauseSteps: readonly [number, number];
  /** Chance per step of starting a detour, its length, and its size (fraction of the action scale). */
  detourRate: number;
  detourSteps: readonly [number, number];
  detourSize: number;
  /** Jerky teleop: chance per step of holding the previous command, and of a spike. */
  holdRate: number;
  spikeRate: number;
  spikeSize: number;
  /** Chance that an attempt (a grasp, a push, a corner) is botched and has to be retried. */
  failRate: number;
  /** Arm only: chance per carried step of opening the gripper before the pad. */
  releaseRate: number;
}

export const SKILL_PROFILES: Readonly<Record<SkillLevel, FlawProfile>> = {
  better: {
    noise: 0.01,
    pauseRate: 0.01,
    pauseSteps: [2, 4],
    detourRate: 0.003,
    detourSteps: [3, 6],
    detourSize: 0.05,
    holdRate: 0.02,
    spikeRate: 0.002,
    spikeSize: 0.04,
    failRate: 0.03,
    releaseRate: 0,
  },
  okay: {
    noise: 0.03,
    pauseRate: 0.03,
    pauseSteps: [3, 8],
    detourRate: 0.016,
    detourSteps: [4, 10],
    detourSize: 0.15,
    holdRate: 0.1,
    spikeRate: 0.012,
    spikeSize: 0.08,
    failRate: 0.18,
    releaseRate: 0.004,
  },
  worse: {
    noise: 0.05,
    pauseRate: 0.04,
    pauseSteps: [5, 12],
    detourRate: 0.022,
    detourSteps: [6, 14],
    detourSize: 0.2,
    holdRate: 0.2,
    spikeRate: 0.02,
    spikeSize: 0.12,
    failRate: 0.3,
    releaseRate: 0.01,
  },
};

/** Resolves a preset to a concrete level; `mixed` draws one per episode from its own seed. */
export function resolveSkill(preset: SkillPreset, episodeSeed: number): SkillLevel {
  if (preset !== 'mixed') return preset;
  return new Rng(episodeSeed ^ 0x5f3759df).pick(SKILL_LEVELS);
}
