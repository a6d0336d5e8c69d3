// Entry point of a job's worker process (bundled as dist/node/jobWorker.js): the generic worker of
// `jobs/` with every feature's job implementations, each loaded when a job of its kind starts.
import { runWorker } from '../jobs/worker';
import { implementations } from './jobImplementations';

runWorker(implementations);
