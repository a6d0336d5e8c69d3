import type { JobImplementation } from '../jobs/context';
import { generateDemonstrations } from './generateDemos';

/** Job kind `generate`: scripted demonstrations from a built-in simulator, written as episodes. */
export const generateJob: JobImplementation<'generate'> = {
  async run(ctx, params) {
    const result = await generateDemonstrations(ctx, params);
    const ok = result.episodes.filter((e) => e.success).length;
    return { result, message: `${result.episodes.length} episodes generated, ${ok} successful` };
  },
};
