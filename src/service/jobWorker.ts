// Entry point of a job's worker process (bundled as dist/node/jobWorker.js): every feature's job
// implementations, run by the generic worker of `jobs/`.
import { daggerJob } from '../dagger/daggerJob';
import { daggerLiveJob } from '../dagger/liveJob';
import { daggerRetrainJob } from '../dagger/retrainJob';
import { exportDatasetJob } from '../exporters/exportDatasetJob';
import { generateJob } from '../generate/generateJob';
import { importJob } from '../importers/importJob';
import type { JobImplementations } from '../jobs/context';
import { sleepJob } from '../jobs/sleepJob';
import { runWorker } from '../jobs/worker';
import { detectFacesJob } from '../redact/detectJob';
import { redactRenderJob } from '../redact/renderJob';
import { verifyJob } from '../maintenance/verifyJob';
import { qualityJob } from '../quality/qualityJob';
import { trainingJobs } from '../training/jobs/kinds';

const implementations: JobImplementations = {
  import: importJob,
  generate: generateJob,
  ...trainingJobs,
  verify: verifyJob,
  'export-dataset': exportDatasetJob,
  'detect-faces': detectFacesJob,
  'redact-render': redactRenderJob,
  sleep: sleepJob,
  dagger: daggerJob,
  quality: qualityJob,
  'dagger-retrain': daggerRetrainJob,
  'dagger-live': daggerLiveJob,
};

runWorker(implementations);
