import type { Rig, RigSettings } from '../../../src/common/api';
import type { StudioClient } from '../../client';
import type { UndoableEdit } from '../../state/undo';

/** What was saved for a dataset's rig, or null while it uses the defaults. */
export function settingsOf(rig: Rig): RigSettings | null {
  if (!rig.saved) return null;
  const { jointStream, jointColumns, angleUnit, endEffector, cameras, objects } = rig;
  return { robotId: rig.robot.id, jointStream, jointColumns, angleUnit, endEffector, cameras, objects };
}

/**
 * Saving the rig dialog as an undoable edit: undo saves the rig as it was before. The replay screen
 * reads the rig again after each save (app/data/staleness.ts).
 */
export function rigEdit(
  client: StudioClient,
  episodeId: string,
  dataset: string,
  before: Rig,
  after: Rig,
): UndoableEdit {
  const put = async (rig: Rig) => void (await client.call('setRig', { episodeId, rig: settingsOf(rig) }));
  return { label: `robot settings of ${dataset}`, undo: () => put(before), redo: () => put(after) };
}
