/**
 * Skill presets for the scripted experts: how often and how badly a demonstrator errs, and which
 * habits they bring. Rates are per second and durations in seconds (the injector converts them at
 * the env's control rate, so a preset means the same at any rate); sizes are in units of each env's
 * action scale. What each flaw models, and why, is in `src/sim/README.md`.
 */
import { Rng } from '../random';

export type SkillLevel = 'better' | 'okay' | 'worse';
export type SkillPreset = SkillLevel | 'mixed';
export const SKILL_LEVELS: readonly SkillLevel[] = ['better', 'okay', 'worse'];

export interface FlawProfile {
  /** Gaussian action noise, as a fraction of the action scale. */
  noise: number;
  /** Chance per second of starting a random hesitation pause, and its length range (s). */
  pauseRate: number;
  pauseSeconds: readonly [number, number];
  /** Chance per second of starting a detour, its length (s), and its size (fraction of the action scale). */
  detourRate: number;
  detourSeconds: readonly [number, number];
  detourSize: number;
  /** Jerky teleop: chance per second of holding the previous command, and of a spike. */
  holdRate: number;
  spikeRate: number;
  spikeSize: number;
  /** Chance that an attempt (a grasp, a push, a corner) is botched and has to be retried. */
  failRate: number;
  /** Arm only: chance per second while carrying of opening the gripper before the pad. */
  releaseRate: number;
  /**
   * Systematic hesitation: the chance, each time the demonstrator reaches one of the task's
   * decision points (the env's expert names them), of stopping there, and for how long (s).
   */
  hesitation: number;
  hesitationSeconds: readonly [number, number];
  /** Chance per episode that the demonstrator does the task their other way (each env's expert names it). */
  secondStrategy: number;
}

export const SKILL_PROFILES: Readonly<Record<SkillLevel, FlawProfile>> = {
  better: {
    noise: 0.01,
    pauseRate: 0.1,
    pauseSeconds: [0.2, 0.4],
    detourRate: 0.03,
    detourSeconds: [0.3, 0.6],
    detourSize: 0.05,
    holdRate: 0.2,
    spikeRate: 0.02,
    spikeSize: 0.04,
    failRate: 0.03,
    releaseRate: 0,
    hesitation: 0.05,
    hesitationSeconds: [0.3, 0.6],
    secondStrategy: 0,
  },
  okay: {
    noise: 0.03,
    pauseRate: 0.3,
    pauseSeconds: [0.3, 0.8],
    detourRate: 0.16,
    detourSeconds: [0.4, 1.0],
    detourSize: 0.15,
    holdRate: 1.0,
    spikeRate: 0.12,
    spikeSize: 0.08,
    failRate: 0.18,
    releaseRate: 0.04,
    hesitation: 0.5,
    hesitationSeconds: [0.8, 2],
    secondStrategy: 0.3,
  },
  worse: {
    noise: 0.05,
    pauseRate: 0.4,
    pauseSeconds: [0.5, 1.2],
    detourRate: 0.22,
    detourSeconds: [0.6, 1.4],
    detourSize: 0.2,
    holdRate: 2.0,
    spikeRate: 0.2,
    spikeSize: 0.12,
    failRate: 0.3,
    releaseRate: 0.1,
    hesitation: 0.85,
    hesitationSeconds: [1.5, 4],
    secondStrategy: 0.5,
  },
};

/** Resolves a preset to a concrete level; `mixed` draws one per episode from its own seed. */
export function resolveSkill(preset: SkillPreset, episodeSeed: number): SkillLevel {
  if (preset !== 'mixed') return preset;
  return new Rng(episodeSeed ^ 0x5f3759df).pick(SKILL_LEVELS);
}
