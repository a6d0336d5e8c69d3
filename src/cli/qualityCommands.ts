import { StudioError, type QualityDecision } from '../common/api';
import { formatDuration } from '../common/format';
import { printJson } from './outputs';
import { say } from './output';
import { withSession, type CliSession } from './session';

/** Runs the quality job for a dataset when its signals are out of date, following it to its end. */
async function refresh(s: CliSession, dataset: string, quiet: boolean): Promise<void> {
  const report = await s.call('qualityReport', { dataset });
  if (!report.stale) return;
  const { jobId } = await s.call('startQuality', { dataset });
  const done = await s.follow(jobId, quiet);
  if (done.state !== 'succeeded')
    throw new StudioError(
      'internal',
      `quality of ${dataset}: ${done.state}${done.error ? `: ${done.error}` : ''}`,
    );
}

/**
 * `mimic quality <ws> [--dataset NAME]`: every visible episode's combined score (higher is worse)
 * and flags, worst first; signals are recomputed first where episodes or edits changed.
 */
export async function qualityCommand(
  dir: string,
  dataset: string | undefined,
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const names = (await s.call('listDatasets', {}))
      .map((d) => d.name)
      .filter((n) => dataset === undefined || n === dataset);
    if (dataset !== undefined && names.length === 0)
      throw new StudioError('not_found', `no dataset named "${dataset}"`);
    const episodes = [];
    for (const name of names) {
      await refresh(s, name, json);
      const report = await s.call('qualityReport', { dataset: name });
      episodes.push(...report.episodes.map((e) => ({ ...e, dataset: name })));
    }
    episodes.sort((a, b) => b.score - a.score);
    if (json) {
      printJson('quality', {
        episodes: episodes.map((e) => ({
          id: e.id,
          score: e.score,
          flags: e.flags.map((f) => ({ kind: f.kind, reason: f.reason, startNs: f.startNs, endNs: f.endNs })),
        })),
      });
      return 0;
    }
    for (const e of episodes) {
      const decided = e.decision ? `  [${e.decision}${e.note ? `: ${e.note}` : ''}]` : '';
      process.stdout.write(`${e.score.toFixed(2).padStart(6)}  ${e.id}  ${e.dataset}/${e.name}${decided}\n`);
      for (const f of e.flags)
        process.stdout.write(
          `        ${f.kind} ${formatDuration(f.startNs)}–${formatDuration(f.endNs)}: ${f.reason}\n`,
        );
    }
    say(`${episodes.length} episode(s), ${episodes.filter((e) => e.flags.length > 0).length} flagged`);
    return 0;
  });
}

/** `mimic decide <ws> --episode ID[,ID…] --decision keep|reject|review [--note TEXT]`. */
export async function decideCommand(
  dir: string,
  episodeIds: string[],
  decision: QualityDecision,
  note: string | undefined,
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const { previous } = await s.call('decideEpisodes', { episodeIds, decision, note: note ?? '' });
    const out = { episodes: episodeIds, decision, note: note ?? '', previous };
    if (json) printJson('decide', out);
    else say(`${episodeIds.length} episode(s): ${decision}${note ? ` (${note})` : ''}`);
    return 0;
  });
}

/** `mimic tag <ws> --episodes ID,ID… [--add TAG]… [--remove TAG]…`: bulk tag edits. */
export async function tagCommand(
  dir: string,
  episodeIds: string[],
  add: string[],
  remove: string[],
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const { changed } = await s.call('tagEpisodes', { episodeIds, add, remove });
    if (json) printJson('tag', { changed });
    else say(`${changed} of ${episodeIds.length} episode(s) changed`);
    return 0;
  });
}
