/** What every scripted expert offers: flawed demonstrations and a flawless oracle. */
import type { Policy } from '../types';
import type { ExpertMeta } from './flaws';
import { SKILL_PROFILES, type FlawProfile, type SkillLevel } from './skill';

export interface Expert extends Policy {
  /** Starts an episode: seeds the flaw state (independent of the env's seed). */
  reset(expertSeed: number): void;
  /** The demonstrator's action for this observation, flaws included. */
  act(obs: Float32Array): Float32Array;
  /** The flawless action for any observation: a memoryless state-feedback policy (DAgger oracle). */
  oracle(obs: Float32Array): Float32Array;
  /** Ground truth of the current episode: skill and every injected flaw. */
  meta(): ExpertMeta;
}

export interface ExpertOptions {
  /** A preset level, or a custom profile (reported as its closest preset name). */
  skill?: SkillLevel;
  profile?: FlawProfile;
}

export function profileOf(options: ExpertOptions): { skill: SkillLevel; profile: FlawProfile } {
  const skill = options.skill ?? 'better';
  return { skill, profile: options.profile ?? SKILL_PROFILES[skill] };
}
