import type { JobImplementations } from '../../jobs/context';

/** How a worker runs the training feature's job kinds (declared in the contract's trainingCalls). */
export const trainingJobs: Pick<JobImplementations, 'train' | 'eval' | 'export'> = {
  train: async () => (await import('./trainJob')).trainJob,
  eval: async () => (await import('./evalJob')).evalJob,
  export: async () => (await import('./exportJob')).exportJob,
};
