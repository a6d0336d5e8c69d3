import type { JobImplementation } from '../jobs/context';
import { exportLerobotV3 } from './lerobotV3';
import { exportRobomimic } from './robomimic';

/** Job kind `export-dataset`: a dataset's chosen episodes written as a LeRobot v3.0 dataset or a robomimic HDF5 file. */
export const exportDatasetJob: JobImplementation<'export-dataset'> = {
  async run(ctx, params) {
    const write = params.format === 'robomimic' ? exportRobomimic : exportLerobotV3;
    const result = await write(ctx.ws, ctx.tools, params, {
      signal: ctx.signal,
      progress: (fraction, message) => ctx.progress(fraction, message),
    });
    return {
      result,
      message: `${result.episodes.length} episode(s), ${result.frames} frames written to ${result.out}`,
    };
  },
};
