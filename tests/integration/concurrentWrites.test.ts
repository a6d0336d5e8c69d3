import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/runner';
import { defaultWorkerScript } from '../../src/paths';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

it('a job worker and the studio write the same workspace at once without "database is locked"', async () => {
  const runner = new JobRunner(ws, { workerScript: defaultWorkerScript() });
  runner.start();
  const catalog = new Catalog(ws.db);
  const episode = catalog.ensureDataset('edits');
  ws.db
    .prepare(
      `INSERT INTO episodes (id, dataset_id, name, duration_ns, created_at) VALUES ('ep_x', ?, 'x', 0, '')`,
    )
    .run(episode.id);
  // Two workers write episodes (read-then-write transactions) while this process edits tags.
  const jobs = [1, 2].map((seed) =>
    runner.enqueue('generate', 'g', {
      env: 'lane',
      episodes: 8,
      seed,
      skill: 'better',
      dataset: `d${seed}`,
      render: false,
    }),
  );
  const errors: string[] = [];
  let edits = 0;
  const done = Promise.all(jobs.map((j) => runner.waitFor(j.id)));
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    try {
      catalog.setTags('ep_x', [`t${edits % 5}`, 'edited'], ws.audit);
      edits++;
    } catch (e) {
      errors.push((e as Error).message);
    }
    await new Promise((r) => setImmediate(r));
  }
  const results = await done;
  await runner.stop();
  expect(errors).toEqual([]);
  expect(results.map((r) => [r.state, r.error])).toEqual([
    ['succeeded', null],
    ['succeeded', null],
  ]);
  expect(edits).toBeGreaterThan(10);
});
