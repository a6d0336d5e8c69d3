import { StudioError } from '../common/api';
import { formatDuration } from '../common/format';
import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

/** `mimic segments <ws> --episode ID`: an episode's segments and trim. */
export async function segmentsCommand(dir: string, episodeId: string, json: boolean): Promise<number> {
  return withSession(dir, async (s) => {
    const segments = await s.call('listSegments', { episodeId });
    const trim = await s.call('getTrim', { episodeId });
    if (json) {
      printJson('segments', { episodeId, trim, segments });
      return 0;
    }
    if (trim) say(`trim ${formatDuration(trim.startNs)} – ${formatDuration(trim.endNs)}`);
    for (const seg of segments) {
      process.stdout.write(
        `${seg.id}  ${formatDuration(seg.startNs)} – ${formatDuration(seg.endNs)}  ${seg.label || '(no label)'}` +
          `${seg.instruction ? `  "${seg.instruction}"` : ''}\n`,
      );
    }
    say(`${segments.length} segment(s)`);
    return 0;
  });
}

/** `mimic trim-idle <ws> [--dataset NAME]`: trims the idle start and end of every episode (of a dataset). */
export async function trimIdleCommand(
  dir: string,
  dataset: string | undefined,
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const datasets = (await s.call('listDatasets', {})).filter(
      (d) => dataset === undefined || d.name === dataset,
    );
    if (dataset !== undefined && datasets.length === 0)
      throw new StudioError('not_found', `no dataset named "${dataset}"`);
    const episodes = [];
    for (const d of datasets) {
      episodes.push(...(await s.call('trimIdle', { datasetId: d.id, dryRun: false })).episodes);
    }
    if (json) {
      printJson('trim-idle', { episodes });
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
  });
}
