/** Entry of bench/quality (bundled by run.mjs): detection, the policy comparison and the speeds. */
export { demoSet, detect } from './detect';
export { comparePolicies, verdict } from './policy';
export { heuristicsSpeed } from './speed';
export { initTrainingBackend } from '../../src/training';
export { defaultQualitySettings } from '../../src/common/api';
