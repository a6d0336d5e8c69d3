// Entry point of a job's worker process (forked by JobRunner). Heavy work runs here, never in the
// host process; the host owns the job row and this process reports through IPC messages.
import { locateMediaTools } from '../media/tools';
import { Workspace } from '../workspace/workspace';
import type { JobContext } from './context';
import { HANDLERS } from './handlers';
import type { FromWorker, ToWorker } from './protocol';

const controller = new AbortController();
const send = (m: FromWorker) => process.send?.(m);

async function run(start: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const handler = HANDLERS[start.kind];
  if (!handler) {
    send({ type: 'failed', error: `unknown job kind "${start.kind}"` });
    return;
  }
  const ws = Workspace.open(start.workspace);
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
    saveCheckpoint: (data) => send({ type: 'checkpoint', data }),
  };
  try {
    const { result, message } = await handler.run(ctx, start.params);
    send({ type: 'done', result, message });
  } catch (e) {
    if (controller.signal.aborted) send({ type: 'cancelled' });
    else send({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
  } finally {
    ws.close();
  }
}

process.on('message', (m: ToWorker) => {
  if (m.type === 'start') {
    void run(m).finally(() => process.disconnect?.());
  } else if (m.type === 'cancel') controller.abort();
});
// The host went away: stop; the job is picked up again when a studio next opens the workspace.
process.on('disconnect', () => {
  controller.abort();
  setTimeout(() => process.exit(0), 2000).unref();
});
