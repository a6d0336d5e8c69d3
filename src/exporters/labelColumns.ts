/**
 * Labels in a LeRobot export: where an episode has a label series (DAgger, interventions), the
 * `action` of each labelled frame is the label, and three columns say what each row is:
 * `intervention` (1 where the expert was in control, LeRobot's human-in-the-loop column),
 * `frame_class` (Sirius's classes by index: 0 demonstration, 1 rollout, 2 intervention,
 * 3 pre-intervention) and `labelled` (1 where the action is a label). Episodes without labels are
 * demonstrations. Nothing changes for a dataset without any label series.
 */
import { FRAME_CLASSES } from '../common/api';
import { LabelStore } from '../dagger/labelStore';
import { readTimestamps } from '../series/readSeries';
import type { Workspace } from '../workspace/workspace';
import { clockStream, type EpisodeRows } from './episodeRows';

export const LABEL_COLUMNS = ['intervention', 'frame_class', 'labelled'] as const;
const INTERVENTION = FRAME_CLASSES.indexOf('intervention');

/** The clock frame of each exported row: the frames inside the trim, as `episodeRows` keeps them. */
async function keptFrames(ws: Workspace, r: EpisodeRows): Promise<number[]> {
  const clock = clockStream(r.episode)!;
  const times = await readTimestamps(ws.blobs, clock.timestampsBlob);
  const start = r.episode.trim?.startNs ?? 0;
  const end = r.episode.trim?.endNs ?? Number.POSITIVE_INFINITY;
  const kept: number[] = [];
  times.forEach((t, i) => t >= start && t < end && kept.push(i));
  return kept;
}

/** The label columns an export adds to every episode: none unless some episode has labels. */
export function labelFeatures(
  ws: Workspace,
  episodes: readonly { id: string }[],
): { name: string; columns: string[]; width: number }[] {
  const store = new LabelStore(ws);
  if (episodes.every((e) => store.latestOf(e.id) === null)) return [];
  return LABEL_COLUMNS.map((name) => ({ name, columns: [name], width: 1 }));
}

/**
 * Applies an episode's newest label series to its rows (a labelled frame's `action` is its label)
 * and adds the label columns; an episode without labels gets demonstration rows.
 */
export async function applyEpisodeLabels(ws: Workspace, r: EpisodeRows): Promise<void> {
  const store = new LabelStore(ws);
  const n = r.timesNs.length;
  const cols = LABEL_COLUMNS.map(() => new Float32Array(n));
  const row = store.latestOf(r.episode.id);
  if (row) {
    const { values, mask, classes } = await store.read(row);
    const action = r.series.find((s) => s.name === 'action');
    const width = (JSON.parse(row.columns) as string[]).length;
    if (action && action.columns.length !== width)
      throw new Error(
        `episode ${r.episode.id}: its labels have ${width} columns, its action ${action.columns.length}`,
      );
    (await keptFrames(ws, r)).forEach((f, i) => {
      if (f >= mask.length) return;
      cols[0]![i] = classes[f] === INTERVENTION ? 1 : 0;
      cols[1]![i] = classes[f]!;
      cols[2]![i] = mask[f]!;
      if (mask[f] && action) action.values.set(values.subarray(f * width, (f + 1) * width), i * width);
    });
  }
  LABEL_COLUMNS.forEach((name, c) => r.series.push({ name, columns: [name], values: cols[c]! }));
}
