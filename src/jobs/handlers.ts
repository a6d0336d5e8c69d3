import { z } from 'zod';
import { importPaths } from '../importers/importPaths';
import { generateDemonstrations } from '../generate/generateDemos';
import { evalJob } from '../training/jobs/evalJob';
import { exportJob } from '../training/jobs/exportJob';
import { trainJob } from '../training/jobs/trainJob';
import type { JobHandler } from './context';

export const ImportParamsSchema = z.object({ paths: z.array(z.string()), dataset: z.string() });

const importJob: JobHandler = {
  async run(ctx, raw) {
    const params = ImportParamsSchema.parse(raw);
    const result = await importPaths(ctx.ws, params.paths, {
      dataset: params.dataset,
      tools: ctx.tools,
      signal: ctx.signal,
      onProgress: (done, total, message) => ctx.progress(total ? done / total : null, message),
    });
    for (const e of result.errors) ctx.log(e.message, 'error');
    for (const s of result.skipped) ctx.log(`${s.path}: ${s.reason}`, 'warn');
    const parts = [`${result.episodes.length} imported`];
    if (result.skipped.length) parts.push(`${result.skipped.length} already present`);
    if (result.errors.length) parts.push(`${result.errors.length} failed`);
    return { result, message: parts.join(', ') };
  },
};

const generateJob: JobHandler = {
  async run(ctx, raw) {
    const result = await generateDemonstrations(ctx, raw);
    const ok = result.episodes.filter((e) => e.success).length;
    return { result, message: `${result.episodes.length} episodes generated, ${ok} successful` };
  },
};

/** Test and diagnostics job: sleeps in steps, checkpointing each one, so crash recovery can be observed. */
const sleepJob: JobHandler = {
  async run(ctx, raw) {
    const { steps, stepMs } = z
      .object({ steps: z.number().int().positive(), stepMs: z.number().int().min(0) })
      .parse(raw);
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

export const HANDLERS: Record<string, JobHandler> = {
  import: importJob,
  generate: generateJob,
  sleep: sleepJob,
  train: trainJob,
  eval: evalJob,
  export: exportJob,
};
