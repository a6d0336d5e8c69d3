import { jobKinds, jobResult, isJobKind, type StudioHandlers, type WorkspaceInfo } from '../common/api';
import { JobRunner } from '../jobs/runner';
import { locateMediaTools, type MediaToolsLookup } from '../media/tools';
import { defaultWorkerScript } from '../paths';
import { QualityAutoRefresh, type AutoRefreshOptions } from '../quality/autoRefresh';
import { Workspace } from '../workspace/workspace';
import { EventBus } from './events';
import { createHandlers } from './studioService';

export interface StudioServices {
  ws: Workspace;
  runner: JobRunner;
  media: MediaToolsLookup;
  handlers: StudioHandlers;
  events: EventBus;
  /** Queues the quality job of scored datasets whose inputs changed (null for the CLI). */
  qualityRefresh: QualityAutoRefresh | null;
  close(): Promise<void>;
}

export interface ServicesOptions {
  workspaceDir: string;
  /** Create the workspace if it does not exist (the default workspace, `mimic init`). */
  create?: boolean;
  host: WorkspaceInfo['host'];
  workerScript?: string;
  concurrency?: number;
  /** A running job whose owner sent no heartbeat for this long is taken over (default 15 s). */
  staleMs?: number;
  /**
   * Run only the jobs this process enqueues (a CLI command): jobs queued by others wait for the
   * studio, so a listing never starts them.
   */
  ownJobsOnly?: boolean;
  /** Decode each imported video once in a background job (default: not for the CLI). */
  verifyImports?: boolean;
  /** Fill a new, empty workspace with sample demonstrations from the built-in simulators, as jobs. */
  seedSamples?: boolean;
  /** Recompute changed datasets' quality signals after edits and jobs (default: not for the CLI). */
  autoQuality?: boolean | AutoRefreshOptions;
}

/** The one place that builds a process's services; the CLI, the web host, Electron and tests call it. */
export function createServices(opts: ServicesOptions): StudioServices {
  const ws = opts.create ? Workspace.init(opts.workspaceDir) : Workspace.open(opts.workspaceDir);
  ws.blobs.clearTmp();
  const media = locateMediaTools();
  const events = new EventBus();
  const runner = new JobRunner(ws, {
    workerScript: opts.workerScript ?? defaultWorkerScript(),
    concurrency: opts.concurrency ?? 2,
    only: opts.ownJobsOnly ? new Set() : undefined,
    ...(opts.staleMs === undefined ? {} : { staleMs: opts.staleMs }),
  });
  // Jobs that write episodes change the library as they go: tell clients at most once a second
  // while they run, and once more when they end.
  let libraryTimer: NodeJS.Timeout | null = null;
  const libraryChanged = () => {
    libraryTimer = null;
    events.emit('libraryChanged', { datasetId: null });
  };
  runner.onMessage((jobId, data) => events.emit('jobMessage', { jobId, data }));
  runner.onJob((job) => {
    events.emit('jobUpdated', job);
    if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') {
      if (libraryTimer) clearTimeout(libraryTimer);
      libraryChanged();
    } else if (job.state === 'running' && writesEpisodes(job.kind) && !libraryTimer) {
      libraryTimer = setTimeout(libraryChanged, 1000);
      libraryTimer.unref();
    }
  });
  // Import reads only the packet index (fast); each imported video is then decoded once, in the
  // background, so damage inside the data is found and marked.
  if ((opts.verifyImports ?? opts.host !== 'cli') && media.tools) {
    runner.onJob((job) => {
      if (job.kind !== 'import' || job.state !== 'succeeded') return;
      const episodeIds = jobResult('import', job).episodes.map((e) => e.id);
      if (episodeIds.length > 0)
        runner.enqueue('verify', `Verify ${episodeIds.length} imported episode(s)`, { episodeIds });
    });
  }
  const autoQuality = opts.autoQuality ?? opts.host !== 'cli';
  const qualityRefresh = autoQuality
    ? new QualityAutoRefresh(ws, runner, autoQuality === true ? {} : autoQuality)
    : null;
  if (qualityRefresh) {
    runner.onJob((job) => {
      if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled')
        qualityRefresh.jobEnded(job.kind);
    });
  }
  runner.start();
  if (opts.seedSamples) seedSamples(ws, runner);
  const handlers = createHandlers({
    ws,
    runner,
    media,
    host: opts.host,
    libraryChanged: () => events.emit('libraryChanged', { datasetId: null }),
  });
  return {
    ws,
    runner,
    media,
    handlers: qualityRefresh ? afterEachCall(handlers, () => qualityRefresh.poke()) : handlers,
    events,
    qualityRefresh,
    async close() {
      qualityRefresh?.stop();
      await runner.stop();
      ws.close();
    },
  };
}

/**
 * The same handlers, each followed by `then` once it has answered (or failed: a failed write may
 * have written part). A handler that answers at once still does: callers rely on its type.
 */
function afterEachCall(handlers: StudioHandlers, then: () => void): StudioHandlers {
  const wrapped: Record<string, (input: never) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: never) => unknown][]) {
    wrapped[name] = (input: never) => {
      let answer: unknown;
      try {
        answer = handler(input);
      } catch (e) {
        then();
        throw e;
      }
      if (answer instanceof Promise) return answer.finally(then);
      then();
      return answer;
    };
  }
  return wrapped as unknown as StudioHandlers;
}

const writesEpisodes = (kind: string) => isJobKind(kind) && jobKinds[kind].writesEpisodes;

/** What a new user sees first: demonstrations of every built-in task, with a spread of operator skill. */
export const SAMPLE_SETS = [
  { env: 'pusht', episodes: 8, seed: 1, skill: 'mixed', dataset: 'pusht-demos' },
  { env: 'lane', episodes: 4, seed: 1, skill: 'mixed', dataset: 'lane-demos' },
  { env: 'arm', episodes: 4, seed: 1, skill: 'better', dataset: 'arm-demos' },
] as const;

function seedSamples(ws: Workspace, runner: JobRunner): void {
  const seeded = ws.db.prepare(`SELECT 1 FROM jobs WHERE kind = 'generate' LIMIT 1`).get();
  const episodes = (ws.db.prepare('SELECT COUNT(*) AS n FROM episodes').get() as { n: number }).n;
  if (seeded || episodes > 0) return;
  for (const set of SAMPLE_SETS) {
    runner.enqueue('generate', `Sample ${set.env} demonstrations`, { ...set, render: true });
  }
}
