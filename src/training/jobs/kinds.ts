import type { JobImplementations } from '../../jobs/context';
import { evalJob } from './evalJob';
import { exportJob } from './exportJob';
import { trainJob } from './trainJob';

/** How a worker runs the training feature's job kinds (declared in the contract's trainingCalls). */
export const trainingJobs: Pick<JobImplementations, 'train' | 'eval' | 'export'> = {
  train: trainJob,
  eval: evalJob,
  export: exportJob,
};
