import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/common/api';
import { createServices, type StudioServices } from '../../src/service/services';
import { nowIso } from '../../src/workspace/ids';
import { referencedBlobs } from '../../src/workspace/gc';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';
import { seedDemos } from './trainingHelpers';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;

beforeAll(async () => {
  tmp = tempDir();
  const dir = path.join(tmp.dir, 'ws');
  const ws = Workspace.init(dir);
  await seedDemos(ws, { env: 'lane', episodes: 4, seed: 1, skill: 'better', dataset: 'lane' });
  ws.close();
  services = createServices({ workspaceDir: dir, host: 'cli' });
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

const blobRows = () =>
  (services.ws.db.prepare('SELECT hash FROM blobs').all() as { hash: string }[]).map((r) => r.hash);
const unreferenced = () => {
  const refs = referencedBlobs(services.ws);
  return blobRows().filter((h) => !refs.has(h));
};

describe('training checkpoints', () => {
  it('a finished run keeps only its model’s checkpoint: no intermediate checkpoint blob is left', async () => {
    const { jobId } = await dispatch(services.handlers, 'startTraining', {
      policy: 'bc-mlp',
      dataset: 'lane',
      epochs: 6,
      batchSize: 32,
      checkpointEvery: 5,
      hyperparameters: { hidden: [16] },
    });
    const job = await services.runner.waitFor(jobId);
    expect(job.error).toBeNull();
    const steps = (job.result as { steps: number }).steps;
    // Many checkpoints were written on the way …
    expect(steps / 5).toBeGreaterThan(10);
    // … and none is left unreferenced: the model holds its three.
    expect(unreferenced()).toEqual([]);
    const model = (await services.handlers.listModels({}))[0]!;
    for (const h of Object.values(model.checkpoint)) expect(services.ws.blobs.has(h)).toBe(true);
  });
});

describe('collectGarbage', () => {
  const orphan = async (text: string, ageMs: number) => {
    const { hash } = await services.ws.blobs.putBytes(new TextEncoder().encode(text));
    services.ws.db
      .prepare('INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, ?, ?, ?)')
      .run(hash, text.length, 'text/plain', nowIso());
    const t = new Date(Date.now() - ageMs);
    utimesSync(services.ws.blobs.pathOf(hash), t, t);
    return hash;
  };

  it('reports with --dry-run, then removes blobs nothing refers to, keeping recent ones and every referenced one', async () => {
    const referencedBefore = referencedBlobs(services.ws);
    const old = await orphan('an old failed run', 3 * 3_600_000);
    const recent = await orphan('an import still writing', 60_000);

    const dry = await services.handlers.collectGarbage({ dryRun: true });
    expect(dry).toEqual({ dryRun: true, removed: 1, freedBytes: 17, keptRecent: 1 });
    expect(services.ws.blobs.has(old)).toBe(true);

    const done = await services.handlers.collectGarbage({ dryRun: false });
    expect(done).toMatchObject({ dryRun: false, removed: 1, freedBytes: 17, keptRecent: 1 });
    expect(services.ws.blobs.has(old)).toBe(false);
    expect(blobRows()).not.toContain(old);
    expect(services.ws.blobs.has(recent)).toBe(true);
    for (const h of referencedBefore) expect(services.ws.blobs.has(h)).toBe(true);
  });

  it('is refused while a job is queued or running', async () => {
    const job = services.runner.store.enqueue('sleep', 'pending', { steps: 1, stepMs: 1 });
    try {
      await expect(dispatch(services.handlers, 'collectGarbage', { dryRun: true })).rejects.toThrow(
        /1 job\(s\) are queued or running/,
      );
    } finally {
      services.runner.store.finish(job.id, 'cancelled', { message: 'x' });
    }
  });
});
