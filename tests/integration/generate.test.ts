import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RigStore } from '../../src/robots/rigStore';
import { RobotStore } from '../../src/robots/robotStore';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let wsDir: string;
const mimic = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/mimic.mjs', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

interface SimOut {
  episodes: { id: string; success: boolean; skill: string }[];
}

beforeAll(() => {
  tmp = tempDir();
  wsDir = path.join(tmp.dir, 'ws');
  mimic('init', wsDir);
});
afterAll(() => tmp.cleanup());

describe('mimic sim', () => {
  it('writes PushT demonstrations with a camera video, series and the ground truth kept apart', () => {
    const out = JSON.parse(
      mimic('sim', wsDir, '--env', 'pusht', '--episodes', '3', '--seed', '5', '--skill', 'mixed', '--json'),
    ) as SimOut;
    expect(out.episodes).toHaveLength(3);
    for (const e of out.episodes) {
      expect(e).toEqual({
        id: expect.stringMatching(/^ep_/),
        success: expect.any(Boolean),
        skill: expect.stringMatching(/^(better|okay|worse)$/),
      });
    }
    const ws = Workspace.open(wsDir);
    try {
      const ep = new Catalog(ws.db).getEpisode(out.episodes[0]!.id);
      expect(ep.dataset).toBe('pusht-demos');
      const byName = Object.fromEntries(ep.streamDetails.map((s) => [s.name, s]));
      expect(Object.keys(byName).sort()).toEqual([
        'action',
        'next.reward',
        'observation.images.top',
        'observation.state',
      ]);
      expect(byName['observation.state']!.columns).toEqual([
        'agent_x',
        'agent_y',
        'block_x',
        'block_y',
        'block_angle',
      ]);
      expect(byName['observation.images.top']!.video).toMatchObject({ width: 96, height: 96, fps: 10 });
      expect(byName['observation.images.top']!.frames).toBe(byName.action!.frames);
      expect(ep.tags).toContain('sim:pusht');
      // The expert's skill and flaws are recorded, but never in what quality tools read.
      expect(JSON.stringify(ep.metadata)).not.toMatch(/skill|flaw/);
      const truth = ws.db
        .prepare('SELECT data FROM episode_ground_truth WHERE episode_id = ?')
        .get(ep.id) as { data: string };
      expect(JSON.parse(truth.data)).toMatchObject({
        skill: out.episodes[0]!.skill,
        flaws: expect.any(Array),
      });
    } finally {
      ws.close();
    }
  });

  it('is deterministic: the same seed gives bit-identical trajectories', () => {
    const a = JSON.parse(
      mimic('sim', wsDir, '--env', 'lane', '--episodes', '1', '--seed', '9', '--dataset', 'a', '--json'),
    ) as SimOut;
    const b = JSON.parse(
      mimic('sim', wsDir, '--env', 'lane', '--episodes', '1', '--seed', '9', '--dataset', 'b', '--json'),
    ) as SimOut;
    const ws = Workspace.open(wsDir);
    try {
      const catalog = new Catalog(ws.db);
      const blobs = (id: string) =>
        catalog
          .getEpisode(id)
          .streamDetails.filter((s) => s.kind === 'series')
          .map((s) => s.blob)
          .sort();
      expect(blobs(a.episodes[0]!.id)).toEqual(blobs(b.episodes[0]!.id));
    } finally {
      ws.close();
    }
  });

  it('writes an episode once: a repeated or resumed run finds the episodes it already wrote', () => {
    const args = [
      'sim',
      wsDir,
      '--env',
      'lane',
      '--episodes',
      '2',
      '--seed',
      '11',
      '--dataset',
      'again',
      '--json',
    ];
    const first = JSON.parse(mimic(...args)) as SimOut;
    const second = JSON.parse(mimic(...args)) as SimOut;
    expect(second.episodes).toEqual(first.episodes);
    const ws = Workspace.open(wsDir);
    try {
      const ds = new Catalog(ws.db).listDatasets().find((d) => d.name === 'again');
      expect(ds?.episodeCount).toBe(2);
    } finally {
      ws.close();
    }
  });

  it('records the arm as joint states named after the URDF joints, and its top camera with its mount', () => {
    const out = JSON.parse(
      mimic('sim', wsDir, '--env', 'arm', '--episodes', '1', '--seed', '1', '--json'),
    ) as SimOut;
    const ws = Workspace.open(wsDir);
    try {
      const ep = new Catalog(ws.db).getEpisode(out.episodes[0]!.id);
      const state = ep.streamDetails.find((s) => s.name === 'observation.state')!;
      expect(state.columns.slice(0, 6)).toEqual([
        'shoulder_pan',
        'shoulder_lift',
        'elbow_flex',
        'wrist_flex',
        'wrist_roll',
        'gripper',
      ]);
      // The top-down camera is recorded, and the dataset's rig says where it sits.
      expect(ep.streamDetails.filter((s) => s.kind === 'video').map((s) => s.name)).toEqual([
        'observation.images.top',
      ]);
      const rig = new RigStore(ws, new RobotStore(ws)).resolve(ep.datasetId, ep.streamDetails).rig;
      expect(rig).toMatchObject({
        saved: true,
        jointStream: 'observation.state',
        endEffector: 'gripper_frame_link',
      });
      expect(Object.keys(rig.jointColumns)).toHaveLength(6);
      expect(rig.cameras['observation.images.top']).toMatchObject({ parent: 'base_link', orthoHeightM: 0.5 });
      // The cube and the pad are placed from the observation's own columns.
      expect(rig.objects.map((o) => [o.name, o.x, o.y, o.z, o.yaw])).toEqual([
        ['cube', 'block_x', 'block_y', 'block_z', 'block_yaw'],
        ['pad', 'pad_x', 'pad_y', null, null],
      ]);
      for (const o of rig.objects) for (const c of [o.x, o.y]) expect(state.columns).toContain(c);
    } finally {
      ws.close();
    }
  });

  it('rejects an unknown environment with the allowed names', () => {
    expect(() => mimic('sim', wsDir, '--env', 'moon', '--episodes', '1', '--seed', '1')).toThrow(
      /pusht.*lane.*arm/s,
    );
  });
});
