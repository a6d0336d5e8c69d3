import path from 'node:path';
import type { CallInput } from '../common/api';
import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

/** `mimic export <ws> --format lerobot-v3|robomimic --out DIR|FILE.hdf5 [--dataset NAME]`: writes a dataset as a job. */
export async function exportCommand(
  dir: string,
  request: CallInput<'exportDataset'>,
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    // The job's worker may run elsewhere: the folder is named as the user meant it, from here.
    const { jobId } = await s.call('exportDataset', { ...request, out: path.resolve(request.out) });
    const done = await s.follow(jobId, json);
    if (done.state !== 'succeeded') {
      say(`mimic export: ${done.state}${done.error ? `: ${done.error}` : ''}`);
      return 1;
    }
    const result = s.result('export-dataset', done);
    if (json) printJson('export', result);
    else {
      for (const e of result.episodes) say(`episode ${e.episodeIndex}: ${e.id}, ${e.frames} frames`);
      for (const e of result.leftOut) say(`left out ${e.id}: ${e.reason}`);
      say(
        `${result.episodes.length} episode(s), ${result.frames} frames written to ${result.out} (${result.format})`,
      );
    }
    return 0;
  });
}
