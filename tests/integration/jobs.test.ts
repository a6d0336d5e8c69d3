import path from 'node:path';
import { jobResult } from '../../src/common/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../src/common/api';
import { JobRunner } from '../../src/jobs/runner';
import { JobStore } from '../../src/jobs/store';
import { defaultWorkerScript } from '../../src/paths';
import { Workspace } from '../../src/workspace/workspace';
import { jobInAnotherProcess } from '../helpers/crash';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let runner: JobRunner | null = null;

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
});
afterEach(async () => {
  await runner?.stop();
  runner = null;
  ws.close();
  tmp.cleanup();
});

const start = (opts: Partial<ConstructorParameters<typeof JobRunner>[1]> = {}) => {
  runner = new JobRunner(ws, { workerScript: defaultWorkerScript(), ...opts });
  runner.start();
  return runner;
};

describe('job runner', () => {
  it('runs a job in its own process with progress events and a persisted result', async () => {
    const r = start();
    const seen: Job[] = [];
    r.onJob((j) => seen.push(j));
    const job = r.enqueue('sleep', 'nap', { steps: 5, stepMs: 30 });
    const done = await r.waitFor(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.progress).toBe(1);
    const result = done.result as { steps: number; pid: number };
    expect(result.steps).toBe(5);
    expect(result.pid).not.toBe(process.pid);
    expect(seen.map((j) => j.state)).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    expect(seen.some((j) => j.state === 'running' && (j.progress ?? 0) > 0 && (j.progress ?? 0) < 1)).toBe(
      true,
    );
    // Another connection to the same database sees the same final row.
    const other = Workspace.open(ws.dir);
    expect(new JobStore(other.db).get(job.id)).toMatchObject({ state: 'succeeded', result: { steps: 5 } });
    other.close();
  });

  it('cancels a running job', async () => {
    const r = start();
    const job = r.enqueue('sleep', 'long nap', { steps: 1000, stepMs: 20 });
    await waitUntil(() => r.store.get(job.id).state === 'running' && (r.store.get(job.id).progress ?? 0) > 0);
    r.cancel(job.id);
    const done = await r.waitFor(job.id);
    expect(done.state).toBe('cancelled');
    expect((done.progress ?? 0) < 1).toBe(true);
  });

  it('cancels a queued job before it starts', () => {
    const r = new JobRunner(ws, { workerScript: defaultWorkerScript() });
    const job = r.store.enqueue('sleep', 'never', { steps: 1, stepMs: 1 });
    expect(r.cancel(job.id).state).toBe('cancelled');
  });

  it('refuses a job whose parameters do not match its kind before queueing it', () => {
    const r = new JobRunner(ws, { workerScript: defaultWorkerScript() });
    expect(() => r.enqueue('import', 'bad params', { paths: 'not a list' } as never)).toThrow(
      /import job: paths/,
    );
    expect(r.store.list(10)).toEqual([]);
  });

  it('marks a job failed with the worker error when a stored row has bad parameters', async () => {
    const r = start();
    // A row written by another version of the studio: the worker checks it again.
    const job = r.store.enqueue('import', 'bad params', { paths: 'not a list' });
    const done = await r.waitFor(job.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/paths/);
    expect(r.store.logs(job.id).some((l) => l.level === 'error')).toBe(true);
  });

  it('keeps a large result sent just before the worker disconnects (one error per missing path)', async () => {
    const r = start();
    const paths = Array.from({ length: 300 }, (_, i) => path.join(ws.dir, `missing-${i}.mp4`));
    const job = r.enqueue('import', 'missing', { paths, dataset: 'd' });
    const done = await r.waitFor(job.id);
    expect(done.error).toBeNull();
    expect(done.state).toBe('succeeded');
    const result = jobResult('import', done);
    expect(result.errors).toHaveLength(300);
    expect(result.errors[299]!.message).toMatch(/missing-299\.mp4: cannot read/);
  });

  it('refuses unknown job kinds', () => {
    const r = new JobRunner(ws, { workerScript: defaultWorkerScript() });
    expect(() => r.enqueue('nonsense' as never, 'x', {} as never)).toThrow(/unknown job kind/);
  });

  it('resumes a job from its checkpoint after the process running it is killed', async () => {
    // A separate studio process starts the job; we kill it mid-way, as a crash would.
    const { jobId, kill } = await jobInAnotherProcess(ws.dir, 'sleep', { steps: 12, stepMs: 150 });
    const store = new JobStore(ws.db);
    await waitUntil(() => (store.get(jobId).progress ?? 0) >= 0.25);
    await kill();
    const interrupted = store.get(jobId);
    expect(interrupted.state).toBe('running');
    const doneBefore = Math.round((interrupted.progress ?? 0) * 12);

    const r = start({ staleMs: 300 });
    await waitUntil(() => store.get(jobId).state !== 'running' || store.get(jobId).attempts === 2, 10_000);
    const done = await r.waitFor(jobId);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect((done.result as { steps: number }).steps).toBe(12);
    expect(store.logs(jobId).some((l) => /recovered/.test(l.line))).toBe(true);
    // It continued from the checkpoint instead of starting over.
    expect(doneBefore).toBeGreaterThanOrEqual(3);
  });

  it('resumes a job whose worker is killed from outside, from its checkpoint, and gives up after three attempts', async () => {
    const r = start();
    const job = r.enqueue('sleep', 'killed worker', { steps: 10, stepMs: 100 });
    const killWorkerAt = async (progress: number, attempt: number) => {
      await waitUntil(
        () =>
          r.store.get(job.id).attempts === attempt &&
          (r.store.get(job.id).progress ?? 0) >= progress &&
          r.workerPid(job.id) !== undefined,
      );
      process.kill(r.workerPid(job.id)!, 'SIGKILL');
    };
    await killWorkerAt(0.3, 1);
    await waitUntil(() => r.store.get(job.id).attempts === 2);
    const resumed = r.store.get(job.id);
    expect(resumed.state).toBe('running');
    // It continued from the checkpoint: progress never went back to the first steps.
    expect(resumed.progress ?? 0).toBeGreaterThanOrEqual(0.3);
    expect(r.store.logs(job.id).some((l) => /SIGKILL\); resuming \(attempt 2 of 3\)/.test(l.line))).toBe(
      true,
    );
    await killWorkerAt(0.5, 2);
    await killWorkerAt(0.7, 3);
    const done = await r.waitFor(job.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/SIGKILL\); gave up after 3 attempts/);
  });

  it('finishes a job whose worker was killed once', async () => {
    const r = start();
    const job = r.enqueue('sleep', 'killed once', { steps: 8, stepMs: 60 });
    await waitUntil(() => (r.store.get(job.id).progress ?? 0) >= 0.25 && r.workerPid(job.id) !== undefined);
    const first = r.workerPid(job.id)!;
    process.kill(first, 'SIGKILL');
    const done = await r.waitFor(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(jobResult('sleep', done)).toMatchObject({ steps: 8 });
    expect(jobResult('sleep', done).pid).not.toBe(first);
  });

  it('an input sent to a worker that has just died is logged on its job, and the studio keeps running', async () => {
    const r = start();
    const job = r.enqueue('sleep', 'dies while listening', { steps: 100, stepMs: 20 });
    await waitUntil(() => (r.store.get(job.id).progress ?? 0) > 0 && r.workerPid(job.id) !== undefined);
    expect(await r.sendInput(job.id, { steer: 0 })).toBe(true);
    process.kill(r.workerPid(job.id)!, 'SIGKILL');
    // The runner has not yet seen the exit (this thread has not yielded), so the channel still looks
    // open; the write fails once the kernel has closed the dead worker's end.
    const until = Date.now() + 200;
    while (Date.now() < until);
    // The caller learns it did not arrive (the live screen then says the rollout ended).
    expect(await r.sendInput(job.id, { steer: 1 })).toBe(false);
    expect(
      r.store.logs(job.id).some((l) => /an input did not reach the worker: write EPIPE/.test(l.line)),
    ).toBe(true);
    // The job resumes from its checkpoint as after any crash of its worker.
    const done = await r.waitFor(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
  });

  it('a database busy beyond its timeout is reported, not fatal: the job still finishes', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    // The studio's connection gives up on a lock after 50 ms instead of 5 s.
    ws.db.pragma('busy_timeout = 50');
    const r = start();
    const job = r.enqueue('sleep', 'busy', { steps: 60, stepMs: 50 });
    await waitUntil(() => (r.store.get(job.id).progress ?? 0) > 0);
    // Another process holds the write lock for a second: progress and heartbeats cannot be written.
    const other = Workspace.open(ws.dir);
    other.db.exec('BEGIN IMMEDIATE');
    await new Promise((res) => setTimeout(res, 1200));
    other.db.exec('COMMIT');
    other.close();
    const failures = errors.mock.calls.map((c) => String(c[0]));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((m) => m.startsWith('job runner: '))).toBe(true);
    expect(errors.mock.calls.some((c) => /database is locked/.test(String(c[1])))).toBe(true);
    const done = await r.waitFor(job.id);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 1, progress: 1 });
    expect(jobResult('sleep', done).steps).toBe(60);
  });

  it('keeps alive only the jobs a process names in its heartbeat', () => {
    const store = new JobStore(ws.db);
    const [a, b] = [
      store.enqueue('sleep', 'a', { steps: 1, stepMs: 1 }),
      store.enqueue('sleep', 'b', { steps: 1, stepMs: 1 }),
    ];
    ws.db.prepare(`UPDATE jobs SET state = 'running', owner = 'me', heartbeat_at = 0`).run();
    store.heartbeat('me', [a.id]);
    expect(store.stale(1000).map((j) => j.id)).toEqual([b.id]);
  });

  it('gives up on a non-resumable or repeatedly interrupted job instead of leaving it running', () => {
    const store = new JobStore(ws.db);
    const job = store.enqueue('sleep', 'x', { steps: 1, stepMs: 1 });
    ws.db
      .prepare(`UPDATE jobs SET state = 'running', attempts = 3, heartbeat_at = 0 WHERE id = ?`)
      .run(job.id);
    const r = new JobRunner(ws, { workerScript: defaultWorkerScript(), staleMs: 10 });
    r.recover();
    expect(store.get(job.id)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/interrupted 3 times/),
    });
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}
