/** An iteration's rollouts stored as episodes of the run's dataset, with their labels as label series. */
import type { DaggerRequest } from '../common/api';
import { recordRollout } from '../generate/recordRollout';
import type { EnvSpec } from '../sim';
import type { Workspace } from '../workspace/workspace';
import { frameClasses } from './frameClasses';
import { LabelStore } from './labelStore';
import type { LabelledRollout } from './schedule';

export interface StoredIteration {
  episodeIds: string[];
  newLabels: number;
}

export async function storeRollouts(
  ws: Workspace,
  o: {
    runId: string;
    request: DaggerRequest;
    dataset: string;
    spec: EnvSpec;
    iteration: number;
    beta: number;
    /** The model that drove the rollouts (null: the expert alone, iteration 0). */
    policyVersion: string | null;
    rollouts: readonly LabelledRollout[];
    masks: readonly Uint8Array[];
    signal?: AbortSignal;
  },
): Promise<StoredIteration> {
  const labels = new LabelStore(ws);
  const demonstration = o.policyVersion === null;
  const episodeIds: string[] = [];
  let newLabels = 0;
  for (const [k, r] of o.rollouts.entries()) {
    o.signal?.throwIfAborted();
    const episode = await recordRollout(ws, null, {
      dataset: o.dataset,
      name: `${o.runId}-i${o.iteration}-${String(k).padStart(4, '0')}`,
      spec: o.spec,
      rollout: r,
      tags: [
        `sim:${o.request.env}`,
        demonstration ? 'dagger:demonstration' : 'dagger:rollout',
        r.success ? 'success' : 'failure',
      ],
      metadata: {
        dagger: {
          run: o.runId,
          iteration: o.iteration,
          index: k,
          envSeed: r.envSeed,
          beta: o.beta,
          policy: o.policyVersion,
        },
      },
      ...(o.signal === undefined ? {} : { signal: o.signal }),
    });
    const mask = o.masks[k]!;
    await labels.add({
      episodeId: episode.id,
      runId: o.runId,
      datasetVersion: o.iteration,
      labeler: o.request.labeler,
      policyVersion: o.policyVersion,
      columns: o.spec.action,
      values: r.labels,
      mask,
      classes: frameClasses(r.expertControl, demonstration),
    });
    episodeIds.push(episode.id);
    newLabels += mask.reduce((n, m) => n + (m ? 1 : 0), 0);
  }
  return { episodeIds, newLabels };
}
