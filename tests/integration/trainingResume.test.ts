import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/runner';
import { JobStore } from '../../src/jobs/store';
import { defaultWorkerScript } from '../../src/paths';
import { ModelStore } from '../../src/training/jobs/modelStore';
import { Workspace } from '../../src/workspace/workspace';
import { jobInAnotherProcess } from '../helpers/crash';
import { tempDir } from '../helpers/workspace';
import { seedDemos, waitUntil } from './trainingHelpers';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let runner: JobRunner | null = null;

beforeAll(async () => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
  await seedDemos(ws, { env: 'lane', episodes: 12, seed: 3, skill: 'better', dataset: 'lane' });
});
afterAll(async () => {
  await runner?.stop();
  ws.close();
  tmp.cleanup();
});

const REQUEST = {
  policy: 'bc-mlp' as const,
  dataset: 'lane',
  epochs: 12,
  batchSize: 32,
  seed: 4,
  checkpointEvery: 25,
  hyperparameters: { hidden: [32, 32] },
};

interface TrainResult {
  model: string;
  steps: number;
  resumedFrom: number | null;
  valLoss: number;
}

describe('a training job killed mid-way', () => {
  it('resumes from its checkpoint and ends with the same steps as an uninterrupted run', async () => {
    // A separate studio process starts the job; we kill it mid-training, as a crash would.
    const { jobId, kill } = await jobInAnotherProcess(ws.dir, 'train', REQUEST);
    const store = new JobStore(ws.db);
    const checkpointStep = () => (store.params(jobId).checkpoint as { step?: number } | null)?.step ?? 0;
    await waitUntil(() => checkpointStep() >= 50);
    await kill();
    expect(store.get(jobId).state).toBe('running');
    const progressBefore = store.get(jobId).progress ?? 0;
    expect(progressBefore).toBeLessThan(0.9);

    runner = new JobRunner(ws, { workerScript: defaultWorkerScript(), staleMs: 300 });
    runner.start();
    const reference = runner.enqueue('train', 'uninterrupted', REQUEST);
    const [resumed, uninterrupted] = await Promise.all([runner.waitFor(jobId), runner.waitFor(reference.id)]);
    expect(resumed.state).toBe('succeeded');
    expect(uninterrupted.state).toBe('succeeded');
    expect(resumed.attempts).toBe(2);
    const a = resumed.result as TrainResult;
    const b = uninterrupted.result as TrainResult;
    expect(a.resumedFrom).toBeGreaterThanOrEqual(50);
    expect(b.resumedFrom).toBeNull();
    expect(a.steps).toBe(b.steps);
    // The resumed run took the same batches from the same state: it ends where the other one does.
    expect(a.valLoss).toBe(b.valLoss);
    const models = new ModelStore(ws.db);
    const curve = models.get(a.model).metrics.curve;
    expect(curve.map((c) => c.epoch)).toEqual(Array.from({ length: REQUEST.epochs }, (_, i) => i + 1));
    expect(models.get(b.model).metrics.steps).toBe(a.steps);
  });
});
