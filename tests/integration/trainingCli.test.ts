import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskScore } from '../../src/common/api';
import { packageRoot } from '../../src/paths';
import { evalJob } from '../../src/training/jobs/evalJob';
import { getCheckpoint } from '../../src/training/jobs/checkpointBlobs';
import { ModelStore } from '../../src/training/jobs/modelStore';
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

/** `mimic train <ws> --policy bc-mlp --dataset D --epochs N` plus `extra` flags. */
const trainBcMlp = (dataset: string, epochs: number, ...extra: string[]) =>
  mimic('train', dir, '--policy', 'bc-mlp', '--dataset', dataset, '--epochs', String(epochs), ...extra);

/** A successful `mimic train --json` run's stored request and checkpoint metadata. */
async function trainedModel(train: { code: number; stdout: string; stderr: string }) {
  expect(train.code, train.stderr).toBe(0);
  const { model } = JSON.parse(train.stdout) as { model: string };
  const ws = Workspace.open(dir);
  try {
    const stored = new ModelStore(ws.db).get(model);
    return { request: stored.config['request'], meta: (await getCheckpoint(ws, stored.checkpoint)).meta };
  } finally {
    ws.close();
  }
}

let tmp: ReturnType<typeof tempDir>;
let dir: string;

beforeAll(async () => {
  tmp = tempDir();
  dir = path.join(tmp.dir, 'ws');
  const ws = Workspace.init(dir);
  const ids = await seedDemos(ws, { env: 'lane', episodes: 6, seed: 2, skill: 'better', dataset: 'lane' });
  await seedDemos(ws, { env: 'pusht', episodes: 2, seed: 2, skill: 'better', dataset: 'pusht' });
  new Catalog(ws.db).setTags(ids[0]!, ['rejected'], ws.audit);
  ws.close();
});
afterAll(() => tmp.cleanup());

describe('mimic train and mimic eval', () => {
  it('train prints the model as JSON, and eval its success rate with a 95% interval and the task scores', async () => {
    const train = await trainBcMlp('lane', 2, '--json');
    expect(train.code, train.stderr).toBe(0);
    const trained = JSON.parse(train.stdout) as Record<string, unknown>;
    expect(Object.keys(trained)).toEqual(['model', 'backend', 'epochs', 'trainLoss', 'valLoss']);
    expect(trained).toMatchObject({ epochs: 2, model: expect.stringMatching(/^model_/) });

    const evalLane = (...extra: string[]) =>
      mimic(
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
        ...extra,
      );
    const evaluation = await evalLane('--json');
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const result = JSON.parse(evaluation.stdout) as {
      ci95: number[];
      successRate: number;
      scores: TaskScore[];
    };
    expect(Object.keys(result)).toEqual(['model', 'env', 'episodes', 'successRate', 'ci95', 'scores']);
    expect(result.ci95[0]).toBeLessThanOrEqual(result.successRate);
    expect(result.ci95[1]).toBeGreaterThanOrEqual(result.successRate);
    expect(result.scores).toHaveLength(1);
    const [lap] = result.scores;
    expect(Object.keys(lap!)).toEqual(['name', 'unit', 'higherIsBetter', 'mean', 'sd', 'min', 'max']);
    expect(lap).toMatchObject({
      name: 'lap driven before leaving the lane',
      unit: 'lap',
      higherIsBetter: true,
    });
    expect(lap!.min).toBeGreaterThanOrEqual(0);
    expect(lap!.min).toBeLessThanOrEqual(lap!.mean);
    expect(lap!.mean).toBeLessThanOrEqual(lap!.max);
    expect(lap!.max).toBeLessThanOrEqual(1);
    // Two rollouts: the sample SD is half their difference times sqrt 2.
    expect(lap!.sd).toBeCloseTo(((lap!.max - lap!.min) / 2) * Math.SQRT2, 9);
    // A lap is success: the mean lap is at least the success rate.
    expect(lap!.mean).toBeGreaterThanOrEqual(result.successRate - 1e-9);

    // The same seeds in words: success, then each measure as mean ± SD with its range.
    const text = await evalLane();
    expect(text.code, text.stderr).toBe(0);
    const f = (x: number) => x.toFixed(2);
    // Words go to stderr (stdout is kept for --json): one line a measure.
    expect(text.stderr.split('\n')).toContain(
      `lap driven before leaving the lane ${f(lap!.mean)} ± ${f(lap!.sd)} (min ${f(lap!.min)}, max ${f(lap!.max)})`,
    );
  });

  it('--relative-actions learns an action named like a state value as its offset from it; a dataset without one is refused', async () => {
    const { request, meta } = await trainedModel(await trainBcMlp('lane', 1, '--relative-actions', '--json'));
    expect(request).toMatchObject({ hyperparameters: { relativeActions: true } });
    // Lane's commanded speed is learned from the measured speed (observation 2); steering stays absolute.
    expect(meta.stats.relativeTo).toEqual([-1, 2]);
    const refused = await trainBcMlp('pusht', 1, '--relative-actions');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'relative actions need an action column named like an observation column; actions: target_x, target_y; observations: agent_x, agent_y, block_x, block_y, block_angle',
    );
  });

  it('--policy knn --relative-to agent --object-frame block keeps PushT rows seen from the T; wrong names are refused naming the columns', async () => {
    const knn = (...extra: string[]) =>
      mimic('train', dir, '--policy', 'knn', '--dataset', 'pusht', '--epochs', '1', ...extra);
    const train = await knn(
      '--relative-to',
      'agent',
      '--object-frame',
      'block',
      '--temperature',
      '0.001',
      '--json',
    );
    const { request, meta } = await trainedModel(train);
    expect(JSON.parse(train.stdout)).toMatchObject({ epochs: 0 });
    expect(request).toMatchObject({
      policy: 'knn',
      hyperparameters: { actionsRelativeTo: 'agent', objectFrame: 'block', temperature: 0.001 },
    });
    expect(meta.config).toEqual({ kind: 'knn', temperature: 0.001 });
    expect(meta.step).toBe(0);
    expect(meta.stats.relativeTo).toEqual([0, 1]);
    expect(meta.stats.frame).toEqual({ x: 2, y: 3, angle: 4, points: [[0, 1]], actions: [[0, 1]] });
    // Every training row is kept (2 demonstrations, 10% held out for validation: 1 episode).
    expect(meta.shapes.memory).toBeGreaterThan(10);

    const noCube = await knn('--object-frame', 'cube');
    expect(noCube.code).toBe(1);
    expect(noCube.stderr).toContain(
      'object frame "cube" needs observation columns cube_x, cube_y and cube_angle; observations: agent_x, agent_y, block_x, block_y, block_angle',
    );
    const both = await knn('--relative-to', 'agent', '--relative-actions');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('choose one of relative actions (by name) and actions relative to a point');
    const badT = await knn('--temperature', 'warm');
    expect(badT.code).toBe(2);
    expect(badT.stderr).toContain('--temperature warm: expected a number');
  });

  it('--lr-schedule cosine trains under a decaying rate, recorded with the run; an unknown schedule is a usage error', async () => {
    const { request, meta } = await trainedModel(
      await trainBcMlp('lane', 1, '--lr-schedule', 'cosine', '--json'),
    );
    expect(request).toMatchObject({ hyperparameters: { lrSchedule: 'cosine' } });
    expect(meta.run).toMatchObject({ schedule: 'cosine' });
    const bad = await trainBcMlp('lane', 1, '--lr-schedule', 'step');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--lr-schedule step: expected constant or cosine');
  });

  it('rejects diffusion naming the supported policies', async () => {
    const r = await mimic('train', dir, '--policy', 'diffusion', '--dataset', 'lane');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /diffusion is not implemented; supported policies: bc-mlp, bc-cnn, bc-rnn, bc-gmm, knn/,
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

    // No env: the simulator its demonstrations came from (their `sim:lane` tags).
    const ev = await h.evaluateModel({ model: model.id, episodes: 2, seed: 1, record: true });
    expect(services.runner.store.get(ev.jobId)?.title).toBe('Evaluate rnn-test in lane (2 rollouts)');
    const evalJob = await services.runner.waitFor(ev.jobId);
    expect(evalJob.error).toBeNull();
    const stored = await h.getModel({ id: model.id });
    expect(stored.metrics.evals).toHaveLength(1);
    expect(stored.metrics.evals[0]!.scores.map((x) => x.name)).toEqual([
      'lap driven before leaving the lane',
    ]);
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

  it('a model whose demonstrations name no simulator is not evaluated until one is chosen', async () => {
    const h = services.handlers;
    // PushT episodes lose their `sim:pusht` tag, as if imported from a recording.
    const pusht = await h.listEpisodes({
      tag: 'sim:pusht',
      sort: 'name',
      offset: 0,
      limit: 10,
      includeHidden: false,
    });
    await h.tagEpisodes({ episodeIds: pusht.items.map((e) => e.id), add: [], remove: ['sim:pusht'] });
    const { jobId } = await h.startTraining({
      policy: 'knn',
      dataset: 'pusht',
      excludeTags: [],
      epochs: 1,
      batchSize: 64,
      seed: 0,
      valFraction: 0,
      checkpointEvery: 200,
      hyperparameters: {},
      name: 'untagged',
    });
    expect((await services.runner.waitFor(jobId)).error).toBeNull();
    const model = (await h.listModels({})).find((m) => m.jobId === jobId)!;
    await expect(
      Promise.resolve().then(() => h.evaluateModel({ model: model.id, episodes: 1, seed: 0, record: false })),
    ).rejects.toThrow(
      "untagged was not trained on a built-in simulator's demonstrations: choose the simulator to evaluate it in",
    );
    const chosen = await h.evaluateModel({
      model: model.id,
      env: 'pusht',
      episodes: 1,
      seed: 0,
      record: false,
    });
    expect((await services.runner.waitFor(chosen.jobId)).error).toBeNull();
  });

  it('an evaluation resumed from a checkpoint kept before task scores reports none; older stored evals read as none', async () => {
    const h = services.handlers;
    const model = (await h.listModels({})).find((m) => m.name === 'rnn-test')!;
    const logs: string[] = [];
    const saved: unknown[] = [];
    const done = await evalJob.run(
      {
        ws: services.ws,
        jobId: 'job_checkpoint_before_scores',
        tools: null,
        signal: new AbortController().signal,
        checkpoint: { successes: [false], steps: [12], episodeIds: [] },
        progress: () => {},
        log: (line) => void logs.push(line),
        saveCheckpoint: (data) => void saved.push(data),
        send: () => {},
        onInput: () => () => {},
      },
      { model: model.id, env: 'lane', episodes: 2, seed: 1, record: false },
    );
    expect(done.result).toMatchObject({ episodes: 2, scores: [] });
    expect(saved.at(-1)).toMatchObject({
      successes: [false, expect.any(Boolean)],
      steps: [12, expect.any(Number)],
    });
    expect(saved.at(-1)).not.toHaveProperty('measures');
    expect(logs).toContain("the checkpoint's 1 rollouts have no task scores: this evaluation reports none");

    // Metrics as a model stored before scores existed has them in SQLite.
    const db = services.ws.db;
    const row = db.prepare('SELECT metrics FROM models WHERE id = ?').get(model.id) as { metrics: string };
    const metrics = JSON.parse(row.metrics) as { evals: { scores?: unknown[] }[] };
    expect(metrics.evals.map((e) => e.scores?.length)).toEqual([1, 0]);
    for (const e of metrics.evals) delete e.scores;
    db.prepare('UPDATE models SET metrics = ? WHERE id = ?').run(JSON.stringify(metrics), model.id);
    const reread = await h.getModel({ id: model.id });
    expect(reread.metrics.evals.map((e) => e.scores)).toEqual([[], []]);
    expect((await h.listModels({})).find((m) => m.id === model.id)!.metrics).toEqual(reread.metrics);

    // Metrics that do not parse are named, not passed on.
    db.prepare('UPDATE models SET metrics = ? WHERE id = ?').run(
      JSON.stringify({ ...metrics, steps: 'many' }),
      model.id,
    );
    await expect(Promise.resolve().then(() => h.getModel({ id: model.id }))).rejects.toThrow(
      `model ${model.id}: its stored metrics do not match the schema`,
    );
    db.prepare('UPDATE models SET metrics = ? WHERE id = ?').run(row.metrics, model.id);
  });
});
