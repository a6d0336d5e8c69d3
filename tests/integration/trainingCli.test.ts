import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths';
import { createServices, type StudioServices } from '../../src/service/services';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';
import { seedDemos } from './trainingHelpers';

const run = promisify(execFile);
const mimic = (...args: string[]) =>
  run(process.execPath, [path.join(packageRoot(), 'bin', 'mimic.mjs'), ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

let tmp: ReturnType<typeof tempDir>;
let dir: string;

beforeAll(async () => {
  tmp = tempDir();
  dir = path.join(tmp.dir, 'ws');
  const ws = Workspace.init(dir);
  const ids = await seedDemos(ws, { env: 'lane', episodes: 6, seed: 2, skill: 'better', dataset: 'lane' });
  new Catalog(ws.db).setTags(ids[0]!, ['rejected'], ws.audit);
  ws.close();
});
afterAll(() => tmp.cleanup());

describe('mimic train and mimic eval', () => {
  it('train prints the model as JSON, and eval its success rate with a 95% interval', async () => {
    const train = await mimic(
      'train',
      dir,
      '--policy',
      'bc-mlp',
      '--dataset',
      'lane',
      '--epochs',
      '2',
      '--json',
    );
    expect(train.code).toBe(0);
    const trained = JSON.parse(train.stdout) as Record<string, unknown>;
    expect(Object.keys(trained)).toEqual(['model', 'backend', 'epochs', 'trainLoss', 'valLoss']);
    expect(trained).toMatchObject({ epochs: 2, model: expect.stringMatching(/^model_/) });

    const evaluation = await mimic(
      'eval',
      dir,
      '--model',
      String(trained['model']),
      '--env',
      'lane',
      '--episodes',
      '2',
      '--seed',
      '3',
      '--json',
    );
    expect(evaluation.code).toBe(0);
    const result = JSON.parse(evaluation.stdout) as { ci95: number[]; successRate: number };
    expect(Object.keys(result)).toEqual(['model', 'env', 'episodes', 'successRate', 'ci95']);
    expect(result.ci95[0]).toBeLessThanOrEqual(result.successRate);
    expect(result.ci95[1]).toBeGreaterThanOrEqual(result.successRate);
  });

  it('rejects diffusion naming the supported policies', async () => {
    const r = await mimic('train', dir, '--policy', 'diffusion', '--dataset', 'lane');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /diffusion is not implemented; supported policies: bc-mlp, bc-cnn, bc-rnn, bc-gmm/,
    );
  });
});

describe('training calls', () => {
  let services: StudioServices;
  beforeAll(() => {
    services = createServices({ workspaceDir: dir, host: 'web' });
  });
  afterAll(() => services.close());

  it('train with tag filters, live curve, evaluate into replayable episodes, export', async () => {
    const h = services.handlers;
    const { jobId } = await h.startTraining({
      policy: 'bc-rnn',
      dataset: 'lane',
      excludeTags: ['rejected'],
      epochs: 2,
      batchSize: 64,
      seed: 0,
      valFraction: 0.2,
      checkpointEvery: 200,
      hyperparameters: { units: 16, window: 4 },
      name: 'rnn-test',
    });
    const job = await services.runner.waitFor(jobId);
    expect(job.error).toBeNull();
    expect(await h.trainingCurve({ jobId })).toHaveLength(2);
    const model = (await h.listModels({})).find((m) => m.jobId === jobId)!;
    expect(model).toMatchObject({ name: 'rnn-test', policy: 'bc-rnn' });
    expect(model.dataset.episodeIds).toHaveLength(5);
    // Whole episodes (no trims): one stretch each, from the first frame.
    expect(model.dataset.stretches?.map((x) => x.episodeId)).toEqual(model.dataset.episodeIds);
    expect(model.dataset.stretches?.every((x) => x.startNs === 0 && x.endNs > 0)).toBe(true);

    const ev = await h.evaluateModel({ model: model.id, env: 'lane', episodes: 2, seed: 1, record: true });
    const evalJob = await services.runner.waitFor(ev.jobId);
    expect(evalJob.error).toBeNull();
    const stored = await h.getModel({ id: model.id });
    expect(stored.metrics.evals).toHaveLength(1);
    const episodes = await h.listEpisodes({
      tag: `policy:${model.id}`,
      sort: 'name',
      offset: 0,
      limit: 10,
      includeHidden: false,
    });
    expect(episodes.items.map((e) => e.dataset)).toEqual(['eval-rnn-test', 'eval-rnn-test']);

    const folder = path.join(tmp.dir, 'export');
    const exported = await services.runner.waitFor((await h.exportModel({ id: model.id, folder })).jobId);
    expect(exported.result).toEqual({ folder, files: ['model.json', 'weights.bin'] });
  });
});
