/**
 * Flawless demonstrations: the experts' oracle drives, with nothing injected. Episode i starts from
 * the same env seed as episode i of a skill preset's set, so the two can be compared track by track.
 */
import { mixSeed } from './random';
import { createExpert, type SimName, type SimOptions } from './registry';
import { rollout, type Rollout } from './rollout';
import type { Env } from './types';

export interface OracleDemo extends Rollout {
  meta: { skill: 'oracle'; preset: 'oracle'; episodeIndex: number; envSeed: number; flaws: [] };
}

export function oracleEpisode(
  env: Env<Float32Array>,
  options: SimOptions & { env: SimName; seed: number; render?: boolean },
  index: number,
): OracleDemo {
  const envSeed = mixSeed(options.seed, index, 1);
  const expert = createExpert(options.env, options);
  const episode = rollout(env, { act: (obs) => expert.oracle(obs) }, envSeed, {
    render: options.render ?? false,
  });
  return { ...episode, meta: { skill: 'oracle', preset: 'oracle', episodeIndex: index, envSeed, flaws: [] } };
}
