import type { StudioClient } from '../../client';
import type { UndoableEdit } from '../../state/undo';

/**
 * Trims the idle start and end of every episode in a dataset, after the user confirms how many
 * change. Returns an undoable edit that puts back each episode's previous trim, or null if nothing
 * was trimmed.
 */
export async function trimDatasetIdle(
  client: StudioClient,
  dataset: { id: string; name: string },
  confirm: (message: string) => boolean,
): Promise<{ edit: UndoableEdit; count: number } | null> {
  const plan = await client.call('trimIdle', { datasetId: dataset.id, dryRun: true });
  const changing = plan.episodes.filter((e) => e.trim !== null);
  if (changing.length === 0) return null;
  if (!confirm(`Trim the idle start and end of ${changing.length} episode(s) in "${dataset.name}"?`))
    return null;
  const before = await Promise.all(
    changing.map(async (e) => ({ id: e.id, trim: await client.call('getTrim', { episodeId: e.id }) })),
  );
  const apply = async () => {
    await client.call('trimIdle', { datasetId: dataset.id });
  };
  await apply();
  return {
    count: changing.length,
    edit: {
      label: `trim idle in "${dataset.name}"`,
      undo: async () => {
        for (const b of before) await client.call('setTrim', { episodeId: b.id, trim: b.trim });
      },
      redo: apply,
    },
  };
}
