import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_CLASSES } from '../../src/common/api';
import { LabelStore, type LabelSeriesRow } from '../../src/dagger/labelStore';
import { packageRoot } from '../../src/paths';
import { ModelStore } from '../../src/training/jobs/modelStore';
import { referencedBlobs } from '../../src/workspace/gc';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';

const run = promisify(execFile);
const mimic = (...args: string[]) =>
  run(process.execPath, [path.join(packageRoot(), 'bin', 'mimic.mjs'), ...args], {
    env: { ...process.env, MIMIC_USER: 'dana', MIMIC_USER_ROLE: 'expert' },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

let tmp: ReturnType<typeof tempDir>;
let dir: string;

beforeAll(() => {
  tmp = tempDir();
  dir = path.join(tmp.dir, 'ws');
  Workspace.init(dir).close();
});
afterAll(() => tmp.cleanup());

describe('mimic dagger', () => {
  it('runs iterations with oracle labels stored as label series and prints each iteration', async () => {
    const r = await mimic(
      ...['dagger', dir, '--env', 'lane', '--policy', 'bc-mlp', '--iterations', '2', '--rollouts', '2'],
      ...['--labeler', 'oracle', '--select', 'uncertain', '--budget', '10', '--init-demos', '1'],
      ...['--seed', '1', '--eval-episodes', '4', '--json'],
    );
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { iterations: Record<string, number>[] };
    expect(out.iterations.map((i) => Object.keys(i))).toEqual(
      Array(3).fill(['iteration', 'labels', 'successRate', 'score']),
    );
    expect(out.iterations.map((i) => i.labels)).toEqual([10, 20, 30]);

    const ws = Workspace.open(dir);
    try {
      const runRow = ws.db.prepare('SELECT * FROM dagger_runs').get() as { id: string; created_by: string };
      expect(runRow.created_by).toBe('dana');
      const iterations = ws.db
        .prepare('SELECT iteration, model_id, labels, new_labels FROM dagger_iterations ORDER BY iteration')
        .all() as { iteration: number; model_id: string; labels: number; new_labels: number }[];
      expect(iterations.map((i) => [i.iteration, i.labels, i.new_labels])).toEqual([
        [0, 10, 10],
        [1, 20, 10],
        [2, 30, 10],
      ]);
      // Each iteration's model carries its evaluation's task scores; lane's lap driven is DAgger's score.
      const modelStore = new ModelStore(ws.db);
      for (const [i, it] of iterations.entries()) {
        const [lap, ...more] = modelStore.get(it.model_id).metrics.evals[0]!.scores;
        expect(more).toEqual([]);
        expect(lap!.name).toBe('lap driven before leaving the lane');
        expect(lap!.mean).toBeCloseTo(out.iterations[i]!['score']!, 9);
      }
      const labels = new LabelStore(ws);
      const rows = labels.ofRun(runRow.id, 10);
      // One demonstration, then two rollouts an iteration, each with its own label series.
      expect(rows.map((s) => s.dataset_version)).toEqual([0, 1, 1, 2, 2]);
      expect(rows.every((s) => s.actor === 'dana' && s.role === 'expert' && s.labeler === 'oracle')).toBe(
        true,
      );
      // The policy version that produced the states: none for the demonstration, then the previous model.
      const versionOf = (s: LabelSeriesRow) => s.policy_version;
      expect(rows.map(versionOf)).toEqual([
        null,
        iterations[0]!.model_id,
        iterations[0]!.model_id,
        iterations[1]!.model_id,
        iterations[1]!.model_id,
      ]);
      let masked = 0;
      for (const s of rows) {
        const { values, mask, classes } = await labels.read(s);
        const frames = ws.db
          .prepare("SELECT frames FROM streams WHERE episode_id = ? AND name = 'observation.state'")
          .get(s.episode_id) as { frames: number };
        expect(mask.length).toBe(frames.frames);
        expect(values.length).toBe(2 * frames.frames);
        masked += mask.reduce((a, b) => a + b, 0);
        for (let f = 0; f < mask.length; f++) expect(Number.isNaN(values[f * 2]!)).toBe(!mask[f]);
        const names = new Set(Array.from(classes, (c) => FRAME_CLASSES[c]));
        if (s.policy_version === null) expect([...names]).toEqual(['demonstration']);
        else expect(names.has('rollout') && names.has('intervention')).toBe(true);
      }
      expect(masked).toBe(30);
      // mimic gc keeps what label series refer to.
      const kept = referencedBlobs(ws);
      expect(
        rows.every((x) => kept.has(x.values_blob) && kept.has(x.mask_blob) && kept.has(x.classes_blob)),
      ).toBe(true);
      const audit = ws.db
        .prepare("SELECT action, actor FROM audit WHERE action LIKE 'dagger.%' ORDER BY id")
        .all();
      expect(audit).toEqual([
        { action: 'dagger.start', actor: 'dana' },
        ...Array(3).fill({ action: 'dagger.label', actor: 'dana' }),
      ]);
      const models = ws.db.prepare('SELECT id FROM models ORDER BY id').all() as { id: string }[];
      expect(models.map((m) => m.id)).toEqual(iterations.map((i) => i.model_id));
    } finally {
      ws.close();
    }
  }, 120_000);

  it('exports the aggregated data as LeRobot v3.0 with labels as actions, interventions and frame classes', async () => {
    const ws = Workspace.open(dir);
    const { id, dataset } = ws.db.prepare('SELECT id, dataset FROM dagger_runs').get() as {
      id: string;
      dataset: string;
    };
    const labels = new LabelStore(ws);
    const series = await Promise.all(labels.ofRun(id, 10).map((s) => labels.read(s)));
    ws.close();
    const out = path.join(tmp.dir, 'lerobot');
    const r = await mimic(
      'export',
      dir,
      '--format',
      'lerobot-v3',
      '--dataset',
      dataset,
      '--out',
      out,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(readFileSync(path.join(out, 'meta/info.json'), 'utf8')) as {
      features: Record<string, { dtype: string; names: string[] }>;
    };
    expect(info.features['intervention']).toMatchObject({ dtype: 'float32', names: ['intervention'] });
    expect(info.features['frame_class']).toBeDefined();
    const file = await asyncBufferFromFile(path.join(out, 'data/chunk-000/file-000.parquet'));
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    // Episodes in the order they were written, like the label series.
    const labelled = rows.filter((x) => x['labelled'] === 1);
    expect(labelled).toHaveLength(30);
    const expected = series.flatMap(({ values, mask }) =>
      Array.from(mask).flatMap((m, f) => (m ? [[values[f * 2]!, values[f * 2 + 1]!]] : [])),
    );
    expect(labelled.map((x) => x['action'])).toEqual(expected);
    const classes = series.flatMap(({ classes }) => Array.from(classes));
    expect(rows.map((x) => x['frame_class'])).toEqual(classes);
    expect(rows.map((x) => x['intervention'])).toEqual(
      classes.map((c) => (FRAME_CLASSES[c] === 'intervention' ? 1 : 0)),
    );
  });

  it('refuses a budget without a selection, and an unknown labeler, as bad input', async () => {
    const base = ['dagger', dir, '--env', 'lane', '--iterations', '1', '--rollouts', '1'];
    const noSelect = await mimic(...base, '--budget', '5', '--json');
    expect(noSelect.code).toBe(2);
    expect(JSON.parse(noSelect.stdout)).toEqual({
      error: { code: 'bad_input', message: '--budget needs --select all or --select uncertain' },
    });
    const human = await mimic(...base, '--labeler', 'human', '--json');
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/labeler/);
  });

  it('mimic sim --skill oracle records flawless demonstrations', async () => {
    const r = await mimic(
      'sim',
      dir,
      '--env',
      'lane',
      '--episodes',
      '2',
      '--seed',
      '3',
      '--skill',
      'oracle',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const { episodes } = JSON.parse(r.stdout) as {
      episodes: { id: string; success: boolean; skill: string }[];
    };
    expect(episodes.map((e) => [e.skill, e.success])).toEqual([
      ['oracle', true],
      ['oracle', true],
    ]);
    const ws = Workspace.open(dir);
    try {
      const truth = ws.db
        .prepare('SELECT data FROM episode_ground_truth WHERE episode_id = ?')
        .get(episodes[0]!.id) as {
        data: string;
      };
      expect(JSON.parse(truth.data)).toMatchObject({ skill: 'oracle', flaws: [] });
    } finally {
      ws.close();
    }
  });
});
