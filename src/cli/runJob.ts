import type { Job } from '../common/api';
import { createServices } from '../service/services';
import { progressPrinter } from './output';

/**
 * Runs one job through the same queue and worker processes the studio uses, printing progress to
 * stderr; Ctrl+C cancels the job instead of leaving it half done.
 */
export async function runJobInForeground(
  dir: string,
  kind: string,
  title: string,
  params: unknown,
  quiet: boolean,
): Promise<Job> {
  const services = createServices({ workspaceDir: dir, host: 'web', concurrency: 1 });
  const runner = services.runner;
  const show = quiet ? () => {} : progressPrinter();
  runner.onJob((j) => j.state === 'running' && show(j.progress, j.message));
  const job = runner.enqueue(kind, title, params);
  const cancel = () => runner.cancel(job.id);
  process.once('SIGINT', cancel);
  try {
    return await runner.waitFor(job.id);
  } finally {
    process.off('SIGINT', cancel);
    await services.close();
  }
}
