import type { JobImplementation } from '../jobs/context';
import { importPaths } from './importPaths';

/** Job kind `import`: a batch of files and folders; what a crash interrupted is found and skipped. */
export const importJob: JobImplementation<'import'> = {
  async run(ctx, params) {
    const result = await importPaths(ctx.ws, params.paths, {
      dataset: params.dataset,
      topics: params.topics,
      ...(params.rateHz === undefined ? {} : { rateHz: params.rateHz }),
      tools: ctx.tools,
      signal: ctx.signal,
      onProgress: (done, total, message) => ctx.progress(total ? done / total : null, message),
    });
    for (const e of result.errors) ctx.log(e.message, 'error');
    for (const w of result.warnings) ctx.log(w.message, 'warn');
    for (const s of result.skipped) ctx.log(`${s.path}: ${s.reason}`, 'warn');
    for (const i of result.ignored) ctx.log(`${i.path}: ${i.reason}`, 'info');
    const parts = [`${result.episodes.length} imported`];
    if (result.skipped.length) parts.push(`${result.skipped.length} already present`);
    if (result.errors.length) parts.push(`${result.errors.length} failed`);
    return { result, message: parts.join(', ') };
  },
};
