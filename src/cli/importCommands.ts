import type { CallInput, ImportResult } from '../common/api';
import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

/** `mimic import <ws> <path>...`: imports files and folders as a job; exits 1 if anything failed. */
export async function importCommand(
  dir: string,
  paths: string[],
  options: { dataset: string; rateHz?: number; topics?: string[] },
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const { jobId } = await s.call('importPaths', { paths, ...options });
    const done = await s.follow(jobId, json);
    const result: ImportResult =
      done.state === 'succeeded'
        ? s.result('import', done)
        : {
            episodes: [],
            skipped: [],
            ignored: [],
            warnings: [],
            errors: [{ path: paths.join(' '), message: done.error ?? done.state }],
          };
    if (json) printJson('import', result);
    else {
      for (const e of result.episodes) {
        say(
          `imported ${e.id} (${e.dataset}): ${e.streams.map((st) => `${st.name} ${st.kind} ${st.frames} frames`).join(', ')}`,
        );
      }
      for (const sk of result.skipped) {
        const now = sk.episodeIds?.length ? ` → ${sk.episodeIds.join(', ')}` : '';
        say(`skipped ${sk.path}${sk.locator ? ` (${sk.locator})` : ''}: ${sk.reason}${now}`);
      }
      for (const ig of result.ignored) say(`ignored ${ig.path}: ${ig.reason}`);
      for (const w of result.warnings) say(`warning: ${w.message}`);
      for (const e of result.errors) say(`error: ${e.message}`);
    }
    return result.errors.length > 0 ? 1 : 0;
  });
}

/** `mimic sim`: scripted demonstrations from a built-in simulator, written as episodes. */
export async function simCommand(
  dir: string,
  request: Partial<CallInput<'generateDemos'>>,
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const { jobId } = await s.call('generateDemos', request as CallInput<'generateDemos'>);
    const done = await s.follow(jobId, json);
    if (done.state !== 'succeeded') {
      say(`mimic sim: ${done.state}${done.error ? `: ${done.error}` : ''}`);
      return 1;
    }
    const { episodes } = s.result('generate', done);
    if (json) printJson('sim', { episodes });
    else {
      for (const e of episodes) say(`${e.id}  ${e.skill.padEnd(6)}  ${e.success ? 'success' : 'failure'}`);
      say(
        `${episodes.filter((e) => e.success).length} of ${episodes.length} successful, in dataset "${request.dataset}"`,
      );
    }
    return 0;
  });
}
