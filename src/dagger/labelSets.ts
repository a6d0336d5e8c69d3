/** A run's aggregated data: its label series read with the observations of their own episodes. */
import type { Workspace } from '../workspace/workspace';
import type { LabelSet } from './labelData';
import { LabelStore, type LabelSeriesRow } from './labelStore';

async function stateOf(ws: Workspace, episodeId: string): Promise<Float32Array> {
  const row = ws.db
    .prepare(
      "SELECT blob FROM streams WHERE episode_id = ? AND name = 'observation.state' AND kind = 'series'",
    )
    .get(episodeId) as { blob: string } | undefined;
  if (!row) throw new Error(`episode ${episodeId} has no observation.state series to pair its labels with`);
  const raw = await ws.blobs.read(row.blob);
  const out = new Float32Array(raw.byteLength / 4);
  new Uint8Array(out.buffer).set(raw);
  return out;
}

/** Every label series of the run up to `version`, each paired with its episode's observations. */
export async function loadLabelSets(
  ws: Workspace,
  runId: string,
  version: number,
): Promise<{ sets: LabelSet[]; rows: LabelSeriesRow[] }> {
  const store = new LabelStore(ws);
  const rows = store.ofRun(runId, version);
  const sets: LabelSet[] = [];
  for (const row of rows) {
    const { values, mask } = await store.read(row);
    sets.push({ obs: await stateOf(ws, row.episode_id), labels: values, mask });
  }
  return { sets, rows };
}
