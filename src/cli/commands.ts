import { isCallName, StudioError } from '../common/api';
import { formatDuration } from '../common/format';
import { startWebHost } from '../host/webHost';
import { distPath, defaultWorkspaceDir } from '../paths';
import { createServices } from '../service/services';
import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

/** `mimic init <ws>`: creates a workspace folder and prints where it is. */
export async function initCommand(dir: string, json: boolean): Promise<number> {
  const info = await withSession(dir, (s) => s.call('workspaceInfo', {}), { create: true });
  if (json) printJson('init', info);
  else say(`Workspace ready: ${info.path}`);
  return 0;
}

/** `mimic list <ws> [--dataset NAME]`: every visible episode, with its trim, tags and streams. */
export async function listCommand(
  dir: string,
  opts: { dataset?: string; all: boolean },
  json: boolean,
): Promise<number> {
  const { dataset } = opts;
  return withSession(dir, async (s) => {
    const datasets = await s.call('listDatasets', {});
    const ds = dataset === undefined ? undefined : datasets.find((d) => d.name === dataset);
    if (dataset !== undefined && !ds) throw new StudioError('not_found', `no dataset named "${dataset}"`);
    const episodes = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await s.call('listEpisodes', {
        datasetId: ds?.id,
        offset,
        limit: 1000,
        sort: 'name',
        includeHidden: opts.all,
      });
      episodes.push(...page.items);
      if (page.items.length < 1000) break;
    }
    if (json) {
      printJson('list', { episodes });
      return 0;
    }
    for (const e of episodes) {
      const streams = e.streams.map((st) => `${st.name}:${st.frames}`).join(' ');
      const trim = e.trim ? `  trim ${formatDuration(e.trim.startNs)}–${formatDuration(e.trim.endNs)}` : '';
      const tags = e.tags.length ? `  [${e.tags.join(', ')}]` : '';
      const hidden = e.hidden ? '  (hidden: replaced by its parts)' : '';
      process.stdout.write(
        `${e.id}  ${e.dataset}/${e.name}  ${formatDuration(e.durationNs)}  ${streams}${trim}${tags}${hidden}\n`,
      );
    }
    say(`${episodes.length} episode(s)`);
    return 0;
  });
}

/**
 * `mimic call <ws> <name> [JSON]`: any contract call, its input parsed by the call's schema and its
 * output printed as JSON — the same call every host serves.
 */
export async function callCommand(dir: string, name: string, rawInput: string | undefined): Promise<number> {
  if (!isCallName(name)) throw new StudioError('not_found', `no call named ${name.slice(0, 100)}`);
  let input: unknown = {};
  if (rawInput !== undefined) {
    try {
      input = JSON.parse(rawInput);
    } catch (e) {
      throw new StudioError('bad_input', `request body: ${(e as Error).message}`);
    }
  }
  const output = await withSession(dir, (s) => s.call(name, input as never));
  process.stdout.write(JSON.stringify(output) + '\n');
  return 0;
}

export async function serveCommand(
  dir: string | undefined,
  port: number,
  host: string,
  maxUploadBytes?: number,
): Promise<number> {
  const isDefault = dir === undefined;
  const services = createServices({
    workspaceDir: dir ?? defaultWorkspaceDir(),
    create: isDefault,
    host: 'web',
    seedSamples: isDefault,
  });
  const web = await startWebHost(services, {
    port,
    host,
    appDir: distPath('app'),
    limits: maxUploadBytes === undefined ? {} : { maxUploadBytes },
  });
  if (services.media.problem) say(`warning: ${services.media.problem}`);
  say(`Mimic Studio is serving workspace ${services.ws.dir}`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    say(
      `warning: listening on ${host}: anyone who can reach this address and has the token can use the studio`,
    );
  }
  process.stdout.write(`Open ${web.openUrl}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  say('Stopping…');
  await web.close();
  await services.close();
  return 0;
}
