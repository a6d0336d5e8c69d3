import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** `mimic gc <ws> [--dry-run]`: removes blobs nothing refers to and says what it freed. */
export async function gcCommand(dir: string, dryRun: boolean, json: boolean): Promise<number> {
  const report = await withSession(dir, (s) => s.call('collectGarbage', { dryRun }));
  if (json) printJson('gc', report);
  else {
    say(
      `${dryRun ? 'would remove' : 'removed'} ${report.removed} unreferenced blob(s), ${mb(report.freedBytes)}` +
        (report.keptRecent ? `; kept ${report.keptRecent} written in the last hour` : ''),
    );
  }
  return 0;
}

/** `mimic verify <ws> [--episode ID] [--again]`: decodes videos not checked yet; exits 1 if any is damaged. */
export async function verifyCommand(
  dir: string,
  opts: { episodeId?: string; again: boolean },
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const request = { again: opts.again, ...(opts.episodeId ? { episodeIds: [opts.episodeId] } : {}) };
    const { jobId } = await s.call('verifyMedia', request);
    const done = await s.follow(jobId, json);
    if (done.state !== 'succeeded') {
      say(`mimic verify: ${done.state}${done.error ? `: ${done.error}` : ''}`);
      return 1;
    }
    const result = s.result('verify', done);
    if (json) printJson('verify', result);
    else {
      for (const d of result.damaged) {
        const runs = d.missing.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
        say(
          `damaged: ${d.episodeIds.join(', ')} ${d.stream}: ${d.decodedFrames} of ${d.expectedFrames} frames decoded, ` +
            `${d.errors} decoder error(s)${runs ? `; frames not decoded: ${runs}` : ''}`,
        );
      }
      say(`${result.checked} video(s) decoded, ${result.damaged.length} damaged`);
    }
    return result.damaged.length > 0 ? 1 : 0;
  });
}
