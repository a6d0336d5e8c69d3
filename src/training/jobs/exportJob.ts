import { readdir } from 'node:fs/promises';
import type { JobImplementation } from '../../jobs/context';
import { initTrainingBackend } from '../backend';
import { exportPolicy } from '../export';
import { loadPolicy } from '../policy';
import { getCheckpoint } from './checkpointBlobs';
import { ModelStore } from './modelStore';

/** Job kind `export`: a model as a TF.js model folder (model.json + weights.bin). */
export const exportJob: JobImplementation<'export'> = {
  async run(ctx, { id, folder }) {
    const model = new ModelStore(ctx.ws.db).get(id);
    await initTrainingBackend();
    const policy = loadPolicy(await getCheckpoint(ctx.ws, model.checkpoint));
    try {
      await exportPolicy(policy, folder);
    } finally {
      policy.dispose();
    }
    const files = (await readdir(folder)).sort();
    return { result: { folder, files }, message: `${model.name} exported to ${folder}` };
  },
};
