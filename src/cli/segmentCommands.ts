import { StudioError } from '../common/api';
import { formatDuration } from '../common/format';
import { createReplayHandlers } from '../segments/handlers';
import { Catalog } from '../workspace/catalog';
import { Workspace } from '../workspace/workspace';
import { say } from './output';

/** `mimic segments <ws> --episode ID`: an episode's segments and trim. */
export async function segmentsCommand(dir: string, episodeId: string, json: boolean): Promise<number> {
  const ws = Workspace.open(dir);
  try {
    const replay = createReplayHandlers(ws);
    const segments = await replay.listSegments({ episodeId });
    const trim = await replay.getTrim({ episodeId });
    if (json) {
      process.stdout.write(JSON.stringify({ episodeId, trim, segments }) + '\n');
      return 0;
    }
    if (trim) say(`trim ${formatDuration(trim.startNs)} – ${formatDuration(trim.endNs)}`);
    for (const s of segments) {
      process.stdout.write(
        `${s.id}  ${formatDuration(s.startNs)} – ${formatDuration(s.endNs)}  ${s.label || '(no label)'}` +
          `${s.instruction ? `  "${s.instruction}"` : ''}\n`,
      );
    }
    say(`${segments.length} segment(s)`);
    return 0;
  } finally {
    ws.close();
  }
}

/** `mimic trim-idle <ws> [--dataset NAME]`: trims the idle start and end of every episode (of a dataset). */
export async function trimIdleCommand(
  dir: string,
  dataset: string | undefined,
  json: boolean,
): Promise<number> {
  const ws = Workspace.open(dir);
  try {
    const catalog = new Catalog(ws.db);
    const replay = createReplayHandlers(ws);
    const datasets = catalog.listDatasets().filter((d) => dataset === undefined || d.name === dataset);
    if (dataset !== undefined && datasets.length === 0)
      throw new StudioError('not_found', `${ws.dir}: no dataset named "${dataset}"`);
    const episodes = [];
    for (const d of datasets) {
      episodes.push(...(await replay.trimIdle({ datasetId: d.id, dryRun: false })).episodes);
    }
    if (json) {
      process.stdout.write(JSON.stringify({ episodes }) + '\n');
      return 0;
    }
    for (const e of episodes) {
      const what = e.trim
        ? `${formatDuration(e.trim.startNs)} – ${formatDuration(e.trim.endNs)} of ${formatDuration(e.durationNs)}`
        : 'no idle start or end';
      process.stdout.write(`${e.id}  ${e.name}  ${what}\n`);
    }
    say(`${episodes.filter((e) => e.trim).length} of ${episodes.length} episode(s) trimmed`);
    return 0;
  } finally {
    ws.close();
  }
}
