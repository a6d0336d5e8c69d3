/**
 * Scripted demonstrations: one expert rollout per episode, with the expert's ground truth (skill,
 * injected flaws) kept in metadata beside, never inside, the observations.
 */
import { mixSeed } from './random';
import { createEnv, createExpert, type SimName, type SimOptions } from './registry';
import { rollout, type Rollout } from './rollout';
import type { ExpertMeta } from './experts/flaws';
import { resolveSkill, type SkillPreset } from './experts/skill';
import type { Env, EnvSpec } from './types';

export interface DemoOptions extends SimOptions {
  env: SimName;
  episodes: number;
  seed: number;
  skill: SkillPreset;
  /** Record RGB frames (spec.image size) for every step. */
  render?: boolean;
}

export interface DemoMeta extends ExpertMeta {
  preset: SkillPreset;
  episodeIndex: number;
  /** Seed passed to env.reset: replaying it with the recorded actions reproduces the episode. */
  envSeed: number;
}

export interface DemoEpisode extends Rollout {
  meta: DemoMeta;
}

export interface DemoSet {
  spec: EnvSpec;
  episodes: DemoEpisode[];
}

/** Episode `index` of a demo set: the same seeds whether generated alone or with the others. */
export function demoEpisode(env: Env<Float32Array>, options: DemoOptions, index: number): DemoEpisode {
  const envSeed = mixSeed(options.seed, index, 1);
  const expertSeed = mixSeed(options.seed, index, 2);
  const skill = resolveSkill(options.skill, mixSeed(options.seed, index, 3));
  const expert = createExpert(options.env, { ...options, skill });
  const episode = rollout(env, expert, envSeed, {
    render: options.render ?? false,
    policySeed: expertSeed,
  });
  return { ...episode, meta: { ...expert.meta(), preset: options.skill, episodeIndex: index, envSeed } };
}

export function generateDemos(options: DemoOptions): DemoSet {
  const env = createEnv(options.env, options);
  const out: DemoEpisode[] = [];
  for (let i = 0; i < options.episodes; i++) out.push(demoEpisode(env, options, i));
  return { spec: env.spec, episodes: out };
}
