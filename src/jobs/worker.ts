// The body of a job's worker process (forked by JobRunner). Heavy work runs here, never in the
// host process; the host owns the job row and this process reports through IPC messages. The
// entry point (`service/jobWorker.ts`) hands in every feature's job implementations.
import { describeIssues, isJobKind, jobKinds, type JobKind } from '../common/api';
import { locateMediaTools } from '../media/tools';
import { Workspace } from '../workspace/workspace';
import type { JobContext, JobImplementation, JobImplementations } from './context';
import type { FromWorker, ToWorker } from './protocol';
import { JobStore } from './store';

export function runWorker(implementations: JobImplementations): void {
  const controller = new AbortController();
  const inputs = new Set<(data: unknown) => void>();
  // Messages still on their way to the host: the worker disconnects only once all are written, or
  // a large result sent last would be lost with the channel.
  const inFlight = new Set<Promise<void>>();
  const send = (m: FromWorker): void => {
    if (!process.send) return;
    const sent = new Promise<void>((resolve) => {
      process.send!(m, undefined, {}, () => resolve());
    });
    inFlight.add(sent);
    void sent.then(() => inFlight.delete(sent));
  };

  async function run(start: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    if (!isJobKind(start.kind)) {
      send({ type: 'failed', error: `unknown job kind "${start.kind}"` });
      return;
    }
    const kind: JobKind = start.kind;
    const params = jobKinds[kind].params.safeParse(start.params);
    if (!params.success) {
      send({
        type: 'failed',
        error: `${kind} job: bad parameters: ${describeIssues(params.error)}`,
      });
      return;
    }
    const ws = Workspace.open(start.workspace);
    const store = new JobStore(ws.db);
    let lastProgress = 0;
    const ctx: JobContext = {
      ws,
      jobId: start.jobId,
      tools: locateMediaTools().tools,
      signal: controller.signal,
      checkpoint: start.checkpoint,
      progress(progress, message) {
        // At most ten updates a second reach the database; the last one always does via done.
        const now = Date.now();
        if (now - lastProgress < 100 && progress !== 1) return;
        lastProgress = now;
        send({ type: 'progress', progress, message });
      },
      log: (line, level = 'info') => send({ type: 'log', level, line }),
      // Written here, at once: a checkpoint must outlive the host process as well as this one.
      saveCheckpoint: (data) => store.saveCheckpoint(start.jobId, data),
      send: (data) => send({ type: 'message', data }),
      onInput(listener) {
        inputs.add(listener);
        return () => inputs.delete(listener);
      },
    };
    try {
      const impl = (await implementations[kind]()) as JobImplementation<JobKind>;
      const { result, message } = await impl.run(ctx, params.data as never);
      send({ type: 'done', result: jobKinds[kind].result.parse(result), message });
    } catch (e) {
      if (controller.signal.aborted) send({ type: 'cancelled' });
      else send({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
    } finally {
      ws.close();
    }
  }

  process.on('message', (m: ToWorker) => {
    if (m.type === 'start') {
      void run(m)
        .then(() => Promise.all(inFlight))
        .finally(() => process.disconnect?.());
    } else if (m.type === 'cancel') controller.abort();
    else if (m.type === 'input') for (const l of inputs) l(m.data);
  });
  // The host went away: stop; the job is picked up again when a studio next opens the workspace.
  process.on('disconnect', () => {
    controller.abort();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
