import {
  dispatch,
  jobResult,
  type CallInput,
  type CallName,
  type CallOutput,
  type Job,
  type JobKind,
  type JobResult,
} from '../common/api';
import { createServices, type StudioServices } from '../service/services';
import { progressPrinter } from './output';

/**
 * The CLI as a host: it builds the same services as the web host and Electron, and every command
 * goes through `dispatch` with the contract's schemas, never around them.
 */
export class CliSession {
  private constructor(private readonly services: StudioServices) {}

  static open(workspaceDir: string, opts: { create?: boolean } = {}): CliSession {
    return new CliSession(
      createServices({
        workspaceDir,
        create: opts.create ?? false,
        host: 'cli',
        concurrency: 1,
        ownJobsOnly: true,
      }),
    );
  }

  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    return dispatch(this.services.handlers, name, input);
  }

  /**
   * Follows a job that a call started until it ends, printing progress to stderr (unless quiet);
   * Ctrl+C cancels it through the contract instead of leaving it half done.
   */
  async follow(jobId: string, quiet: boolean): Promise<Job> {
    const show = quiet ? () => {} : progressPrinter();
    const off = this.services.runner.onJob(
      (j) => j.id === jobId && j.state === 'running' && show(j.progress, j.message),
    );
    const cancel = () =>
      void this.call('cancelJob', { id: jobId }).catch((e: unknown) => show(null, String(e)));
    process.once('SIGINT', cancel);
    try {
      return await this.services.runner.waitFor(jobId);
    } finally {
      process.off('SIGINT', cancel);
      off();
    }
  }

  /** A finished job's result, checked against its kind's schema. */
  result<K extends JobKind>(kind: K, job: Job): JobResult<K> {
    return jobResult(kind, job);
  }

  close(): Promise<void> {
    return this.services.close();
  }
}

/** Opens a session on a workspace for one command and closes it however the command ends. */
export async function withSession<T>(
  dir: string,
  fn: (session: CliSession) => Promise<T>,
  opts: { create?: boolean } = {},
): Promise<T> {
  const session = CliSession.open(dir, opts);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
