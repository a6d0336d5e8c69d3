// Every feature's job implementations. Each is imported when a job of its kind starts, so a worker
// loads only what its job needs (a training job brings TensorFlow.js, an import job the readers).
import type { JobImplementations } from '../jobs/context';
import { trainingJobs } from '../training/jobs/kinds';

export const implementations: JobImplementations = {
  import: async () => (await import('../importers/importJob')).importJob,
  generate: async () => (await import('../generate/generateJob')).generateJob,
  ...trainingJobs,
  verify: async () => (await import('../maintenance/verifyJob')).verifyJob,
  'export-dataset': async () => (await import('../exporters/exportDatasetJob')).exportDatasetJob,
  'detect-faces': async () => (await import('../redact/detectJob')).detectFacesJob,
  'redact-render': async () => (await import('../redact/renderJob')).redactRenderJob,
  sleep: async () => (await import('../jobs/sleepJob')).sleepJob,
  dagger: async () => (await import('../dagger/daggerJob')).daggerJob,
  quality: async () => (await import('../quality/qualityJob')).qualityJob,
  'dagger-retrain': async () => (await import('../dagger/retrainJob')).daggerRetrainJob,
  'dagger-live': async () => (await import('../dagger/liveJob')).daggerLiveJob,
};
