import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Episode } from '../../src/common/api';
import { exportRobomimic } from '../../src/exporters/robomimic';
import { importPaths } from '../../src/importers/importPaths';
import { inspectRobomimic } from '../../src/importers/robomimic/inspect';
import { readSeries } from '../../src/series/readSeries';
import { SegmentStore } from '../../src/segments/store';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { LIFT_ENV_ARGS, makeRobomimic, readRobomimic, type RobomimicSpec } from '../helpers/robomimic';
import { mediaTools, tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;

beforeEach(() => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
  vi.stubEnv('MIMIC_USER', 'ada');
  vi.stubEnv('MIMIC_USER_ROLE', 'curator');
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
  vi.unstubAllEnvs();
});

const LIFT: RobomimicSpec = {
  demos: [
    { name: 'demo_0', steps: 6 },
    { name: 'demo_1', steps: 4 },
    { name: 'demo_10', steps: 5 },
  ],
  imageSide: 32,
  masks: { train: ['demo_0', 'demo_10'], valid: ['demo_1'] },
};

const SERIES: [string, string][] = [
  ['observation.object', 'obs/object'],
  ['observation.robot0_eef_pos', 'obs/robot0_eef_pos'],
  ['observation.robot0_gripper_qpos', 'obs/robot0_gripper_qpos'],
  ['action', 'actions'],
  ['next.reward', 'rewards'],
  ['next.done', 'dones'],
  ['states', 'states'],
];

const importInto = async (w: Workspace, file: string, dataset: string, rateHz?: number) => {
  const r = await importPaths(w, [file], {
    dataset,
    tools: mediaTools(),
    ...(rateHz === undefined ? {} : { rateHz }),
  });
  expect(r.errors).toEqual([]);
  return { result: r, episodes: r.episodes.map((e) => new Catalog(w.db).getEpisode(e.id)) };
};

/** An episode's series as h5py would list them: rows of numbers, per robomimic dataset. */
async function seriesOf(w: Workspace, e: Episode) {
  const out: Record<string, { rows: number[][]; times: number[] }> = {};
  for (const s of e.streamDetails.filter((x) => x.kind === 'series')) {
    const loaded = await readSeries(w.blobs, s);
    const width = s.columns.length;
    const rows = Array.from({ length: s.frames }, (_, i) =>
      Array.from(loaded.values.subarray(i * width, (i + 1) * width)),
    );
    out[s.name] = { rows, times: [...loaded.timesNs] };
  }
  return out;
}

describe('robomimic import', () => {
  it('one episode per demo: obs keys, actions, rewards, dones and states exact, cameras as video, masks as tags', async () => {
    const file = makeRobomimic(path.join(tmp.dir, 'lift.hdf5'), LIFT);
    const source = readRobomimic(file);
    const { result, episodes } = await importInto(ws, file, 'lift');
    expect(episodes.map((e) => e.name)).toEqual(['lift#demo_0', 'lift#demo_1', 'lift#demo_10']);
    expect(episodes.map((e) => e.tags)).toEqual([['train'], ['valid'], ['train']]);
    expect(result.warnings).toEqual([]);
    for (const [k, e] of episodes.entries()) {
      const demo = LIFT.demos[k]!;
      const n = demo.steps;
      expect(e.streamDetails.map((s) => [s.name, s.kind, s.frames]).sort()).toEqual(
        [
          ...SERIES.map(([name]) => [name, 'series', n]),
          ['observation.images.agentview_image', 'video', n],
        ].sort(),
      );
      expect(e.metadata.robomimic).toMatchObject({
        demo: demo.name,
        numSamples: n,
        envArgs: LIFT_ENV_ARGS,
        rateHz: 20,
      });
      expect(e.metadata.source).toEqual({ files: [file], locator: `demo=${demo.name}` });
      const series = await seriesOf(ws, e);
      for (const [name, key] of SERIES) {
        expect(series[name]!.rows, `${demo.name} ${key}`).toEqual(
          source.demos[demo.name]!.datasets[key]!.values,
        );
        // 20 Hz, from env_args' control_freq.
        expect(series[name]!.times).toEqual(Array.from({ length: n }, (_, i) => i * 50_000_000));
      }
      const camera = e.streamDetails.find((s) => s.kind === 'video')!;
      expect(camera.video).toMatchObject({ width: 32, height: 32 });
    }
    // The encoded cameras went into the blob store: nothing is left in the temporary folder.
    expect(readdirSync(ws.blobs.tmpDir)).toEqual([]);

    const again = await importPaths(ws, [file], { dataset: 'lift', tools: mediaTools() });
    expect(again.episodes).toEqual([]);
    expect(again.skipped.map((s) => s.locator)).toEqual(['demo=demo_0', 'demo=demo_1', 'demo=demo_10']);
  });

  it('finds robomimic files in a named folder, beside other recordings', async () => {
    const dir = path.join(tmp.dir, 'session');
    mkdirSync(dir);
    makeRobomimic(path.join(dir, 'lift.hdf5'), { demos: [{ name: 'demo_0', steps: 3 }] });
    makeRobomimic(path.join(dir, 'can.h5'), { demos: [{ name: 'demo_0', steps: 2 }], seed: 1 });
    writeFileSync(path.join(dir, 'ep1.csv'), 'timestamp,x\n0,1\n0.1,2\n');
    const r = await importPaths(ws, [dir], { dataset: 'd', tools: mediaTools() });
    expect(r.errors).toEqual([]);
    const names = r.episodes.map((e) => new Catalog(ws.db).getEpisode(e.id).name).sort();
    expect(names).toEqual(['can#demo_0', 'ep1', 'lift#demo_0']);
  });

  it('warns about a stale total, masks naming demos the file does not hold, and depth maps it leaves out', async () => {
    const file = makeRobomimic(path.join(tmp.dir, 'stale.hdf5'), {
      demos: [
        { name: 'demo_0', steps: 3 },
        { name: 'demo_1', steps: 2 },
      ],
      depth: true,
      total: 30,
      masks: { train: ['demo_0', 'demo_7'] },
    });
    const { result, episodes } = await importInto(ws, file, 'd');
    expect(episodes.map((e) => e.tags)).toEqual([['train'], []]);
    expect(episodes[0]!.streamDetails.map((s) => s.name)).not.toContain('observation.agentview_depth');
    expect(result.warnings).toEqual([
      {
        path: file,
        message: `${file}: data attribute total is 30, but the demos' num_samples add up to 5; the demos are followed`,
      },
      { path: file, message: `${file}: mask/train lists demo_7, which the file does not hold; left out` },
      {
        path: file,
        message: `${file}: obs/agentview_depth holds [8, 8, 1] per step (not RGB images or a row of numbers); left out`,
      },
    ]);
  });

  it('takes the control rate from the request, and refuses a file with none', async () => {
    const file = makeRobomimic(path.join(tmp.dir, 'norate.hdf5'), {
      demos: [{ name: 'demo_0', steps: 3 }],
      envArgs: { env_name: 'Lift', type: 1, env_kwargs: {} },
    });
    const refused = await importPaths(ws, [file], { dataset: 'd', tools: mediaTools() });
    expect(refused.episodes).toEqual([]);
    expect(refused.errors).toEqual([
      {
        path: file,
        message: expect.stringMatching(/norate\.hdf5: .*no control_freq.*--rate-hz N/) as unknown as string,
      },
    ]);
    const { episodes } = await importInto(ws, file, 'd', 10);
    const series = await seriesOf(ws, episodes[0]!);
    expect(series.action!.times).toEqual([0, 100_000_000, 200_000_000]);
    expect(episodes[0]!.metadata.robomimic).toMatchObject({ rateHz: 10, rateFrom: 'request' });
  });

  it('inspectRobomimic: the demos and env_args control rate, null without one, bad input for a damaged file', async () => {
    const lift = makeRobomimic(path.join(tmp.dir, 'lift.hdf5'), { ...LIFT, imageSide: 0 });
    expect(await inspectRobomimic(lift)).toEqual({
      path: lift,
      demos: 3,
      envName: 'Lift',
      controlFreqHz: 20,
    });
    const none = makeRobomimic(path.join(tmp.dir, 'none.hdf5'), {
      demos: [{ name: 'demo_0', steps: 3 }],
      envArgs: { env_name: 'Lift', type: 1, env_kwargs: {} },
    });
    expect(await inspectRobomimic(none)).toMatchObject({ demos: 1, controlFreqHz: null });
    const bytes = readFileSync(lift);
    const cut = path.join(tmp.dir, 'cut.hdf5');
    writeFileSync(cut, bytes.subarray(0, 200));
    await expect(inspectRobomimic(cut)).rejects.toThrow(/cut\.hdf5: not a readable HDF5 file/);
  });
});

describe('robomimic export', () => {
  it('round trip: the layout, num_samples, env_args, masks and exact values; import(export) gives the same series', async () => {
    const file = makeRobomimic(path.join(tmp.dir, 'lift.hdf5'), LIFT);
    const source = readRobomimic(file);
    const { episodes } = await importInto(ws, file, 'lift');
    const out = path.join(tmp.dir, 'out.hdf5');
    const result = await exportRobomimic(ws, mediaTools(), {
      dataset: 'lift',
      format: 'robomimic',
      out,
      excludeTags: ['rejected', 'flagged'],
    });
    expect(result).toMatchObject({
      format: 'robomimic',
      frames: 15,
      files: ['out.hdf5', 'out.hdf5.provenance.json'],
    });
    const back = readRobomimic(out);
    expect(back.attrs).toEqual({ total: 15, env_args: JSON.stringify(LIFT_ENV_ARGS) });
    expect(back.masks).toEqual({ train: ['demo_0', 'demo_2'], valid: ['demo_1'] });
    expect(Object.keys(back.demos)).toEqual(['demo_0', 'demo_1', 'demo_2']);
    for (const [k, demo] of LIFT.demos.entries()) {
      const got = back.demos[`demo_${k}`]!;
      const want = source.demos[demo.name]!;
      expect(got.attrs).toEqual({ num_samples: demo.steps });
      expect(Object.keys(got.datasets).sort()).toEqual(Object.keys(want.datasets).sort());
      for (const [, key] of SERIES) {
        expect(got.datasets[key]!.shape, key).toEqual(want.datasets[key]!.shape);
        expect(got.datasets[key]!.dtype, key).toBe(want.datasets[key]!.dtype);
        expect(got.datasets[key]!.values, key).toEqual(want.datasets[key]!.values);
      }
      expect(got.datasets['obs/robot0_eef_pos']!.dtype).toBe('float32');
      const image = got.datasets['obs/agentview_image']!;
      expect(image).toMatchObject({ shape: [demo.steps, 32, 32, 3], dtype: 'uint8' });
      // Lossy video in between: the frames' mean brightness survives to a few levels.
      expect(Math.abs(image.mean! - want.datasets['obs/agentview_image']!.mean!)).toBeLessThan(4);
    }
    const provenance = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8')) as {
      format: string;
      episodes: { id: string; source: { keys: { locator: string }[] } }[];
    };
    expect(provenance.format).toBe('robomimic');
    expect(provenance.episodes.map((e) => [e.id, e.source.keys.map((x) => x.locator)])).toEqual(
      episodes.map((e) => [e.id, [(e.metadata.source as { locator: string }).locator]]),
    );

    const other = Workspace.init(path.join(tmp.dir, 'other'));
    try {
      const { episodes: again } = await importInto(other, out, 'lift');
      expect(again.map((e) => e.tags)).toEqual([['train'], ['valid'], ['train']]);
      for (const [k, e] of again.entries()) {
        expect(await seriesOf(other, e)).toEqual(await seriesOf(ws, episodes[k]!));
      }
    } finally {
      other.close();
    }
  });

  it('next_obs: imported as next.observation.* streams, written back to next_obs exactly (h5py reads the same)', async () => {
    const spec = { ...LIFT, demos: LIFT.demos.slice(0, 2), imageSide: 16, nextObs: true };
    const file = makeRobomimic(path.join(tmp.dir, 'next.hdf5'), spec);
    const source = readRobomimic(file);
    const { episodes } = await importInto(ws, file, 'next');
    const lowDim = ['object', 'robot0_eef_pos', 'robot0_gripper_qpos'];
    for (const [k, e] of episodes.entries()) {
      const want = source.demos[spec.demos[k]!.name]!.datasets;
      const names = e.streamDetails.map((s) => `${s.name}:${s.kind}`);
      expect(names).toContain('next.observation.images.agentview_image:video');
      const series = await seriesOf(ws, e);
      for (const key of lowDim) {
        expect(series[`next.observation.${key}`]!.rows, key).toEqual(want[`next_obs/${key}`]!.values);
      }
    }
    const out = path.join(tmp.dir, 'next-out.hdf5');
    await exportRobomimic(ws, mediaTools(), { dataset: 'next', format: 'robomimic', out, excludeTags: [] });
    const back = readRobomimic(out);
    for (const [k, demo] of spec.demos.entries()) {
      const got = back.demos[`demo_${k}`]!.datasets;
      const want = source.demos[demo.name]!.datasets;
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      for (const key of lowDim) {
        expect(got[`next_obs/${key}`]!.dtype, key).toBe(want[`next_obs/${key}`]!.dtype);
        expect(got[`next_obs/${key}`]!.values, key).toEqual(want[`next_obs/${key}`]!.values);
      }
      expect(got['next_obs/agentview_image']).toMatchObject({
        shape: [demo.steps, 16, 16, 3],
        dtype: 'uint8',
      });
      expect(
        Math.abs(got['next_obs/agentview_image']!.mean! - want['next_obs/agentview_image']!.mean!),
      ).toBeLessThan(4);
    }
    const other = Workspace.init(path.join(tmp.dir, 'other'));
    try {
      const { episodes: again } = await importInto(other, out, 'next');
      for (const [k, e] of again.entries()) {
        expect(await seriesOf(other, e)).toEqual(await seriesOf(ws, episodes[k]!));
      }
    } finally {
      other.close();
    }
  });

  it('applies trims, leaves out rejected episodes, and never overwrites', async () => {
    const file = makeRobomimic(path.join(tmp.dir, 'lift.hdf5'), { ...LIFT, imageSide: 0 });
    const source = readRobomimic(file);
    const { episodes } = await importInto(ws, file, 'lift');
    // Steps 2 to 4 of demo_0 (at 20 Hz: 100 ms to 250 ms).
    new SegmentStore(ws).setTrim(episodes[0]!.id, { startNs: 100_000_000, endNs: 250_000_000 });
    new Catalog(ws.db).setTags(episodes[1]!.id, ['rejected'], ws.audit);
    const out = path.join(tmp.dir, 'kept.hdf5');
    const request = {
      dataset: 'lift',
      format: 'robomimic' as const,
      out,
      excludeTags: ['rejected', 'flagged'],
    };
    const result = await exportRobomimic(ws, mediaTools(), request);
    expect(result.episodes).toEqual([
      { id: episodes[0]!.id, episodeIndex: 0, frames: 3 },
      { id: episodes[2]!.id, episodeIndex: 1, frames: 5 },
    ]);
    const back = readRobomimic(out);
    expect(back.attrs.total).toBe(8);
    expect(back.demos.demo_0!.attrs).toEqual({ num_samples: 3 });
    expect(back.demos.demo_0!.datasets.actions!.values).toEqual(
      source.demos.demo_0!.datasets.actions!.values!.slice(2, 5),
    );
    expect(back.demos.demo_1!.datasets.actions!.values).toEqual(
      source.demos.demo_10!.datasets.actions!.values,
    );
    expect(back.masks).toEqual({ train: ['demo_0', 'demo_1'] });

    await expect(exportRobomimic(ws, mediaTools(), request)).rejects.toThrow(
      /kept\.hdf5: a file of that name exists already/,
    );
    expect(readdirSync(tmp.dir).filter((f) => f.includes('partial'))).toEqual([]);
    expect(existsSync(`${out}.provenance.json`)).toBe(true);
  });

  it('writes teleop logs as robomimic: observation.state as obs/state, their rate as control_freq', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i / 25, i / 8, -i / 4, i / 2, 1 - i / 16]);
    const csv = (name: string) =>
      writeFileSync(
        path.join(tmp.dir, name),
        [
          'timestamp,observation.state.x,observation.state.y,action.x,action.y',
          ...rows.map((r) => r.join(',')),
        ].join('\n'),
      );
    csv('ep1.csv');
    const { episodes } = await importInto(ws, path.join(tmp.dir, 'ep1.csv'), 'logs');
    const series = await seriesOf(ws, episodes[0]!);
    const out = path.join(tmp.dir, 'logs.hdf5');
    const request = { dataset: 'logs', format: 'robomimic' as const, out, excludeTags: [] };
    expect((await exportRobomimic(ws, mediaTools(), request)).frames).toBe(40);
    const back = readRobomimic(out);
    expect(JSON.parse(back.attrs.env_args as string)).toEqual({
      env_name: 'logs',
      type: null,
      env_kwargs: { control_freq: 25 },
    });
    const demo = back.demos.demo_0!;
    expect(Object.keys(demo.datasets).sort()).toEqual(['actions', 'dones', 'obs/state', 'rewards']);
    expect(demo.datasets['obs/state']!.values).toEqual(series['observation.state']!.rows);
    expect(demo.datasets.actions!.values).toEqual(series.action!.rows);
    // No rewards or dones recorded: zeros, and the last step done, as robomimic writes them.
    expect(demo.datasets.rewards!.values!.flat().every((v) => v === 0)).toBe(true);
    expect(demo.datasets.dones!.values!.flat().slice(-2)).toEqual([0, 1]);

    // Read back at the rate the stand-in env_args names: the same times and values.
    const other = Workspace.init(path.join(tmp.dir, 'other'));
    try {
      const { episodes: again } = await importInto(other, out, 'logs');
      const first = await seriesOf(other, again[0]!);
      expect(first['observation.state']).toEqual(series['observation.state']);
      expect(first.action).toEqual(series.action);
    } finally {
      other.close();
    }
  });

  it('refuses episodes without actions, or with other keys than the first', async () => {
    writeFileSync(path.join(tmp.dir, 'ep1.csv'), 'timestamp,x\n0,1\n0.1,2\n');
    await importInto(ws, path.join(tmp.dir, 'ep1.csv'), 'mixed');
    const out = path.join(tmp.dir, 'mixed.hdf5');
    const request = { dataset: 'mixed', format: 'robomimic' as const, out, excludeTags: [] };
    await expect(exportRobomimic(ws, mediaTools(), request)).rejects.toThrow(
      /no "action" series: every robomimic demo has actions/,
    );
    makeRobomimic(path.join(tmp.dir, 'lift.hdf5'), { demos: [{ name: 'demo_0', steps: 3 }] });
    writeFileSync(path.join(tmp.dir, 'ep2.csv'), 'timestamp,action.x\n0,1\n0.1,2\n');
    await importInto(ws, path.join(tmp.dir, 'ep2.csv'), 'mixed2');
    await importInto(ws, path.join(tmp.dir, 'lift.hdf5'), 'mixed2');
    await expect(exportRobomimic(ws, mediaTools(), { ...request, dataset: 'mixed2' })).rejects.toThrow(
      /has other streams than .*robomimic demos share their keys/,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('partial'))).toEqual([]);
  });
});
