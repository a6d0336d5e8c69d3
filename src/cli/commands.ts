import { ImportResultSchema, type ImportResult } from '../common/api';
import { formatDuration } from '../common/format';
import { startWebHost } from '../host/webHost';
import { distPath, defaultWorkspaceDir } from '../paths';
import { createServices } from '../service/services';
import { Catalog } from '../workspace/catalog';
import { Workspace } from '../workspace/workspace';
import { say } from './output';
import { runJobInForeground } from './runJob';

export async function initCommand(dir: string): Promise<number> {
  const ws = Workspace.init(dir);
  say(`Workspace ready: ${ws.dir}`);
  ws.close();
  return 0;
}

export async function importCommand(
  dir: string,
  paths: string[],
  dataset: string,
  json: boolean,
): Promise<number> {
  {
    const done = await runJobInForeground(
      dir,
      'import',
      `Import ${paths.length} item(s)`,
      { paths, dataset },
      json,
    );
    if (done.state !== 'succeeded') {
      const failure = {
        episodes: [],
        errors: [{ path: paths.join(' '), message: done.error ?? done.state }],
      };
      if (json) process.stdout.write(JSON.stringify(failure) + '\n');
      else say(`Import ${done.state}: ${done.error ?? ''}`);
      return 1;
    }
    const result: ImportResult = ImportResultSchema.parse(done.result);
    if (json) {
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      for (const e of result.episodes) {
        say(
          `imported ${e.id} (${e.dataset}): ${e.streams.map((s) => `${s.name} ${s.kind} ${s.frames} frames`).join(', ')}`,
        );
      }
      for (const s of result.skipped) say(`skipped ${s.path}: ${s.reason}`);
      for (const e of result.errors) say(`error: ${e.message}`);
    }
    return result.errors.length > 0 ? 1 : 0;
  }
}

export async function listCommand(dir: string, dataset: string | undefined, json: boolean): Promise<number> {
  const ws = Workspace.open(dir);
  try {
    const catalog = new Catalog(ws.db);
    const ds = dataset ? catalog.listDatasets().find((d) => d.name === dataset) : undefined;
    if (dataset && !ds) {
      say(`${ws.dir}: no dataset named "${dataset}"`);
      return 1;
    }
    const episodes = [];
    for (let offset = 0; ; offset += 1000) {
      const page = catalog.listEpisodes({ datasetId: ds?.id, offset, limit: 1000, sort: 'name' });
      episodes.push(...page.items);
      if (page.items.length < 1000) break;
    }
    if (json) {
      const out = episodes.map((e) => ({
        id: e.id,
        dataset: e.dataset,
        name: e.name,
        durationNs: e.durationNs,
        tags: e.tags,
        streams: e.streams,
      }));
      process.stdout.write(JSON.stringify({ episodes: out }) + '\n');
    } else {
      for (const e of episodes) {
        const streams = e.streams.map((s) => `${s.name}:${s.frames}`).join(' ');
        process.stdout.write(
          `${e.id}  ${e.dataset}/${e.name}  ${formatDuration(e.durationNs)}  ${streams}\n`,
        );
      }
      say(`${episodes.length} episode(s)`);
    }
    return 0;
  } finally {
    ws.close();
  }
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
