import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobResult, type JobKind, type JobParamsInput } from '../../src/common/api';
import { createServices, type StudioServices } from '../../src/service/services';
import { referencedBlobs } from '../../src/workspace/gc';
import { Workspace } from '../../src/workspace/workspace';
import { jobInAnotherProcess } from '../helpers/crash';
import { inventory, makeClip, tempDir } from '../helpers/workspace';
import { seedDemos, waitUntil } from './trainingHelpers';

// A crash is a crash whoever dies: the studio process that owns a job, or the worker running it.
// Either way the workspace stays sound, the job resumes, nothing is left behind, and the result is
// the one an uninterrupted run gives.

const STALE_MS = 3000;

let tmp: ReturnType<typeof tempDir>;
let clips: string[];
beforeAll(() => {
  tmp = tempDir();
  const src = path.join(tmp.dir, 'src');
  mkdirSync(src);
  clips = Array.from({ length: 24 }, (_, i) => {
    const clip = makeClip(path.join(src, `take${String(i).padStart(2, '0')}.mp4`), { seconds: 1 });
    writeFileSync(
      path.join(src, `take${String(i).padStart(2, '0')}.csv`),
      ['timestamp,observation.state.x', ...Array.from({ length: 11 }, (_, k) => `${k / 10},${i + k}`)].join(
        '\n',
      ),
    );
    return clip;
  });
});
afterAll(() => tmp.cleanup());

type Case<K extends JobKind> = {
  kind: K;
  params: () => JobParamsInput<K>;
  prepare?: (ws: Workspace) => Promise<void>;
  /** What must come out the same as an uninterrupted run. */
  outcome: (s: StudioServices, result: unknown) => unknown;
  killAt: number;
};

const CASES = [
  {
    kind: 'import',
    params: () => ({ paths: [path.dirname(clips[0]!)], dataset: 'takes' }),
    outcome: (s: StudioServices) =>
      s.ws.db
        .prepare(
          `SELECT e.name, st.name AS stream, st.frames, st.blob FROM episodes e JOIN streams st ON st.episode_id = e.id
           WHERE st.kind = 'series' ORDER BY e.name, st.name`,
        )
        .all(),
    killAt: 0.3,
  } satisfies Case<'import'>,
  {
    kind: 'generate',
    params: () => ({ env: 'lane', episodes: 8, seed: 3, skill: 'mixed', dataset: 'lane', render: true }),
    outcome: (s: StudioServices) =>
      s.ws.db
        .prepare(
          `SELECT e.name, st.name AS stream, st.frames, CASE st.kind WHEN 'series' THEN st.blob END AS blob
           FROM episodes e JOIN streams st ON st.episode_id = e.id ORDER BY e.name, st.name`,
        )
        .all(),
    killAt: 0.3,
  } satisfies Case<'generate'>,
  {
    kind: 'train',
    prepare: async (ws: Workspace) => {
      await seedDemos(ws, { env: 'lane', episodes: 6, seed: 2, skill: 'better', dataset: 'lane' });
    },
    params: () => ({
      policy: 'bc-mlp',
      dataset: 'lane',
      epochs: 10,
      batchSize: 32,
      seed: 4,
      checkpointEvery: 20,
      hyperparameters: { hidden: [32, 32] },
    }),
    outcome: (_s: StudioServices, result: unknown) => {
      const r = result as { steps: number; valLoss: number | null };
      return { steps: r.steps, valLoss: r.valLoss };
    },
    killAt: 0.3,
  } satisfies Case<'train'>,
];

async function workspaceWith(name: string, prepare?: (ws: Workspace) => Promise<void>): Promise<string> {
  const dir = path.join(tmp.dir, name);
  const ws = Workspace.init(dir);
  await prepare?.(ws);
  ws.close();
  return dir;
}

/** The workspace is sound: SQLite's own check, no blob nothing refers to, no temporary file left. */
function expectSound(s: StudioServices): void {
  expect(s.ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const refs = referencedBlobs(s.ws);
  expect([...s.ws.blobs.listHashes()].filter((h) => !refs.has(h))).toEqual([]);
  expect(inventory(s.ws).tmpFiles).toBe(0);
}

describe.each(CASES)('a $kind job', (c) => {
  let reference: unknown;

  beforeAll(async () => {
    const s = createServices({
      workspaceDir: await workspaceWith(`${c.kind}-reference`, c.prepare),
      host: 'cli',
    });
    try {
      const job = await s.runner.waitFor(s.runner.enqueue(c.kind, 'uninterrupted', c.params() as never).id);
      expect(job.error).toBeNull();
      reference = c.outcome(s, jobResult(c.kind, job));
    } finally {
      await s.close();
    }
  }, 180_000);

  it('resumes after the studio process that owns it is killed', async () => {
    const dir = await workspaceWith(`${c.kind}-owner`, c.prepare);
    const { jobId, kill } = await jobInAnotherProcess(dir, c.kind, c.params());
    const ws = Workspace.open(dir);
    try {
      await waitUntil(
        () =>
          (ws.db.prepare('SELECT progress FROM jobs WHERE id = ?').get(jobId) as { progress: number | null })
            .progress! >= c.killAt,
        120_000,
      );
    } finally {
      ws.close();
    }
    await kill();
    // The dead owner's heartbeat (once a second) stops; three missed ones are enough here, where
    // the studio waits 15 s.
    const s = createServices({ workspaceDir: dir, host: 'cli', staleMs: STALE_MS });
    try {
      await waitUntil(() => s.runner.store.get(jobId).state !== 'running', 30_000);
      const job = await s.runner.waitFor(jobId);
      expect(job.error).toBeNull();
      expect(job.attempts).toBe(2);
      expect(c.outcome(s, jobResult(c.kind, job))).toEqual(reference);
      expectSound(s);
    } finally {
      await s.close();
    }
  }, 180_000);

  it('resumes after its worker is killed', async () => {
    const dir = await workspaceWith(`${c.kind}-worker`, c.prepare);
    const s = createServices({ workspaceDir: dir, host: 'cli' });
    try {
      const job = s.runner.enqueue(c.kind, 'killed worker', c.params() as never);
      await waitUntil(
        () =>
          (s.runner.store.get(job.id).progress ?? 0) >= c.killAt && s.runner.workerPid(job.id) !== undefined,
        120_000,
      );
      process.kill(s.runner.workerPid(job.id)!, 'SIGKILL');
      const done = await s.runner.waitFor(job.id);
      expect(done.error).toBeNull();
      expect(done.attempts).toBe(2);
      expect(c.outcome(s, jobResult(c.kind, done))).toEqual(reference);
      expectSound(s);
    } finally {
      await s.close();
    }
  }, 180_000);
});
