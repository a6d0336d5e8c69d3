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
