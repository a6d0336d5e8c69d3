/** The training core: backend selection, policies, the training loop, inference and export. */
export {
  initTrainingBackend,
  type BackendChoice,
  type BackendOptions,
  type TrainingBackendName,
} from './backend';
export { registerProjectKernels, unregisterProjectKernels, projectKernelsRegistered } from './kernels';
export type { CheckpointMeta, CheckpointStore, TrainingCheckpoint } from './checkpoint';
export type { ImageFrames, TrainingData } from './data';
export { exportPolicy, loadExportedPolicy, type PolicyMetadata } from './export';
export { computeStats, normalize, unnormalize, type NormalizationStats, type Stats } from './normalization';
export { relativeToByName, relativeToPoint, toAbsolute, toRelative, validateRelativeTo } from './relative';
export { frameByName, type ObjectFrame } from './frame';
export { resolvePolicyConfig, type PolicyConfig, type ResolvedPolicyConfig } from './policies';
export { loadPolicy, TrainedPolicy, type ActOptions, type Observation } from './policy';
export {
  scheduledRate,
  TrainingAbortedError,
  trainPolicy,
  type TrainingProgress,
  type TrainingResult,
  type TrainOptions,
} from './train';
