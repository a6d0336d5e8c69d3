import { CNN_DEFAULTS, createCnn } from './cnn';
import { createGmm, GMM_DEFAULTS } from './gmm';
import { createKnn, KNN_DEFAULTS } from './knn';
import { createMlp, MLP_DEFAULTS } from './mlp';
import { createRnn, RNN_DEFAULTS } from './rnn';
import type { PolicyConfig, PolicyNet, PolicyShapes, ResolvedPolicyConfig } from './types';

export type * from './types';
export { CNN_DEFAULTS, GMM_DEFAULTS, KNN_DEFAULTS, MLP_DEFAULTS, RNN_DEFAULTS };

function withDefaults<T extends object>(defaults: T, config: Partial<T>): T {
  const out = { ...defaults };
  for (const [key, value] of Object.entries(config))
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

/** Fills every omitted field with the policy's default. */
export function resolvePolicyConfig(config: PolicyConfig): ResolvedPolicyConfig {
  switch (config.kind) {
    case 'bc-mlp':
      return withDefaults(MLP_DEFAULTS, config);
    case 'bc-cnn':
      return withDefaults(CNN_DEFAULTS, config);
    case 'bc-rnn':
      return withDefaults(RNN_DEFAULTS, config);
    case 'bc-gmm':
      return withDefaults(GMM_DEFAULTS, config);
    case 'knn':
      return withDefaults(KNN_DEFAULTS, config);
  }
}

/** Builds the network for a resolved config; equal seeds give equal initial weights. */
export function createPolicyNet(config: ResolvedPolicyConfig, shapes: PolicyShapes, seed: number): PolicyNet {
  switch (config.kind) {
    case 'bc-mlp':
      return createMlp(config, shapes, seed);
    case 'bc-cnn':
      return createCnn(config, shapes, seed);
    case 'bc-rnn':
      return createRnn(config, shapes, seed);
    case 'bc-gmm':
      return createGmm(config, shapes, seed);
    case 'knn':
      return createKnn(config, shapes);
  }
}
