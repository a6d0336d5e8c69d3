import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaggerIteration, JobParamsInput } from '../../src/common/api';
import { LabelStore } from '../../src/dagger/labelStore';
import { runIdOfJob } from '../../src/dagger/runStore';
import { JobRunner } from '../../src/jobs/runner';
import { JobStore } from '../../src/jobs/store';
import { defaultWorkerScript } from '../../src/paths';
import { Workspace } from '../../src/workspace/workspace';
import { jobInAnotherProcess } from '../helpers/crash';
import { tempDir } from '../helpers/workspace';
import { waitUntil } from './trainingHelpers';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let runner: JobRunner | null = null;

beforeAll(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
});
afterAll(async () => {
  await runner?.stop();
  ws.close();
  tmp.cleanup();
});

const REQUEST: JobParamsInput<'dagger'> = {
  env: 'lane',
  iterations: 2,
  rollouts: 2,
  initDemos: 1,
  select: 'uncertain',
  budget: 15,
  seed: 7,
  evalEpisodes: 3,
  steps: 300,
};

/** What must not depend on whether the job was interrupted. */
const outcome = (its: DaggerIteration[]) =>
  its.map((i) => [i.iteration, i.labels, i.newLabels, i.visitedFrames, i.successRate, i.score]);

describe('a DAgger job killed mid-way', () => {
  it('resumes after its last finished iteration and ends as an uninterrupted run does', async () => {
    const { jobId, kill } = await jobInAnotherProcess(ws.dir, 'dagger', REQUEST);
    const store = new JobStore(ws.db);
    const done = () => (store.params(jobId).checkpoint as { done?: number } | null)?.done ?? 0;
    await waitUntil(() => done() >= 1, 60_000);
    await kill();
    expect(store.get(jobId).state).toBe('running');
    const finishedBefore = done();
    expect(finishedBefore).toBeLessThan(3);

    runner = new JobRunner(ws, { workerScript: defaultWorkerScript(), staleMs: 300 });
    runner.start();
    const reference = runner.enqueue('dagger', 'uninterrupted', REQUEST);
    const [resumed, uninterrupted] = await Promise.all([runner.waitFor(jobId), runner.waitFor(reference.id)]);
    expect(resumed.error).toBeNull();
    expect(uninterrupted.error).toBeNull();
    expect(resumed.attempts).toBe(2);
    const a = resumed.result as { run: string; iterations: DaggerIteration[] };
    const b = uninterrupted.result as { run: string; iterations: DaggerIteration[] };
    expect(a.run).toBe(runIdOfJob(jobId));
    expect(outcome(a.iterations)).toEqual(outcome(b.iterations));
    // The interrupted iteration's labels were written once, not twice.
    const versions = (run: string) => new LabelStore(ws).ofRun(run, 99).map((s) => s.dataset_version);
    expect(versions(a.run)).toEqual([0, 1, 1, 2, 2]);
    expect(versions(b.run)).toEqual(versions(a.run));
    expect(a.iterations.map((i) => i.labels)).toEqual([15, 30, 45]);
    const models = ws.db.prepare('SELECT COUNT(*) AS n FROM models WHERE job_id = ?').get(jobId) as {
      n: number;
    };
    expect(models.n).toBe(3);
  }, 180_000);
});
