import type { JobImplementation } from './context';

/** Diagnostics job `sleep`: sleeps in steps, checkpointing each one, so crash recovery can be observed. */
export const sleepJob: JobImplementation<'sleep'> = {
  async run(ctx, { steps, stepMs }) {
    let done = (ctx.checkpoint as { done?: number } | null)?.done ?? 0;
    while (done < steps) {
      ctx.signal.throwIfAborted();
      await new Promise((r) => setTimeout(r, stepMs));
      done++;
      ctx.saveCheckpoint({ done });
      ctx.progress(done / steps, `step ${done} of ${steps}`);
    }
    return { result: { steps: done, pid: process.pid }, message: `slept ${done} steps` };
  },
};
