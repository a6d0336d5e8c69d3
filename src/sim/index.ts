/** The built-in simulators: seeded, deterministic, headless envs and their scripted experts. */
export type { Env, EnvSpec, Policy, RgbImage, StepResult } from './types';
export { Rng, mixSeed, mulberry32 } from './random';
export { PushTEnv, PUSHT_SPEC } from './pusht/pushtEnv';
export { coverage, GOAL_POSE, SUCCESS_COVERAGE } from './pusht/tee';
export { LaneEnv, LANE_SPEC } from './lane/laneEnv';
export { ArmEnv, ARM_SPEC } from './arm/armEnv';
export { loadSo101Urdf, ARM_JOINTS } from './arm/so101';
export { PushTExpert } from './experts/pushtExpert';
export { LaneExpert } from './experts/laneExpert';
export { ArmExpert } from './experts/armExpert';
export type { Expert, ExpertOptions } from './experts/expert';
export type { ExpertMeta, FlawEvent, FlawKind } from './experts/flaws';
export {
  SKILL_LEVELS,
  SKILL_PROFILES,
  resolveSkill,
  type FlawProfile,
  type SkillLevel,
  type SkillPreset,
} from './experts/skill';
export { rollout, type Rollout, type RolloutOptions } from './rollout';
export {
  demoEpisode,
  generateDemos,
  type DemoEpisode,
  type DemoMeta,
  type DemoOptions,
  type DemoSet,
} from './demos';
export { createEnv, createExpert, SIM_NAMES, type SimName, type SimOptions } from './registry';
export {
  TASK_MEASURES,
  lapDriven,
  maxReward,
  measureRollout,
  summarizeMeasures,
  type ScoredRollout,
  type TaskMeasure,
} from './taskScores';
export { oracleEpisode, type OracleDemo } from './oracleDemos';
