import type { JobImplementation } from '../jobs/context';
import { computeQuality } from './compute';

/** Job kind `quality`: a dataset's signals, recomputed when its episodes or edits changed. */
export const qualityJob: JobImplementation<'quality'> = {
  async run(ctx, { dataset }) {
    const started = performance.now();
    const r = await computeQuality(ctx, dataset);
    const seconds = (performance.now() - started) / 1000;
    const what =
      r.heuristics === 0
        ? 'up to date'
        : `${r.heuristics} episode(s) scored${r.learned ? ' with the cross-fitted policy' : ''}`;
    const note = r.videoProblem ? ` (${r.videoProblem})` : '';
    return { result: { dataset, ...r, seconds }, message: `${dataset}: ${what}${note}` };
  },
};
