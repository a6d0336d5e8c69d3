import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/importers/importPaths';
import { mountOnLink } from '../../src/importers/recording/rigCameras';
import { DEFAULT_RIG, RigStore } from '../../src/robots/rigStore';
import { RobotStore } from '../../src/robots/robotStore';
import { Catalog } from '../../src/workspace/catalog';
import { TOP_FOV_DEG, writeTfRecording } from '../helpers/tfRecording';
import { writeToyRobot } from '../helpers/toyRobot';
import { tempWorkspace } from '../helpers/tempWorkspace';
import { mediaTools } from '../helpers/workspace';

const fresh = tempWorkspace();

describe('camera mounts from tf_static and camera_info', () => {
  it("mounts a camera on the rig's link its tf chain reaches, with its intrinsics' field of view; warns for the other", async () => {
    const { ws, dir } = fresh.current();
    const toy = writeToyRobot(path.join(dir, 'toy'));
    const robots = new RobotStore(ws);
    const robot = await robots.add(
      toy.urdf,
      ['base.dae', 'upper.stl', 'fore.obj'].map((f) => path.join(toy.meshDir, f)),
    );
    const datasetId = new Catalog(ws.db).ensureDataset('tf').id;
    const rigs = new RigStore(ws, robots);
    rigs.save(datasetId, { ...DEFAULT_RIG, robotId: robot.id, jointStream: 'joint_states' });
    const file = await writeTfRecording(path.join(dir, 'tf.mcap'));

    const result = await importPaths(ws, [file], { dataset: 'tf', tools: mediaTools() });
    expect(result.errors).toEqual([]);
    expect(result.episodes).toHaveLength(1);
    expect(result.warnings).toEqual([
      {
        path: file,
        message: `${file}: camera wrist/image/compressed: its frame wrist_optical hangs from world, and no frame on the way is a link of toy_arm; its mount stays in the episode metadata (source.cameras)`,
      },
    ]);
    const cameras = rigs.settings(datasetId)!.cameras;
    expect(Object.keys(cameras)).toEqual(['top/image/compressed']);
    const top = cameras['top/image/compressed']!;
    // tool → top_mount (5 cm out, turned 90° about z) → top_optical (10 cm along the mount's x).
    expect(top.parent).toBe('tool');
    top.xyz.forEach((v, i) => expect(v).toBeCloseTo([0.05, 0.1, 0][i]!, 9));
    // The turn about z and the optical frame's own -90° yaw cancel: only the roll of -90° is left.
    top.rpy.forEach((v, i) => expect(v).toBeCloseTo([-Math.PI / 2, 0, 0][i]!, 9));
    expect(top.fovYDeg).toBeCloseTo(TOP_FOV_DEG, 6);
    // The rig change is an audited edit, like one made in the rig dialog.
    expect(ws.audit.list({ limit: 10 }).filter((a) => a.action === 'rig.set')).toHaveLength(2);

    // Both cameras stay described in the episode's metadata.
    const episode = new Catalog(ws.db).getEpisode(result.episodes[0]!.id);
    const notes = (episode.metadata.source as { cameras: Record<string, { frameId: string }> }).cameras;
    expect(
      Object.values(notes)
        .map((n) => n.frameId)
        .sort(),
    ).toEqual(['top_optical', 'wrist_optical']);
  });

  it('mounts nothing on the SO-101, which has no such link, and names both cameras', async () => {
    const { ws, dir } = fresh.current();
    const file = await writeTfRecording(path.join(dir, 'tf.mcap'));
    const result = await importPaths(ws, [file], { dataset: 'plain', tools: mediaTools() });
    expect(result.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /camera top\/image\/compressed: its frame top_optical hangs from tool, and no frame on the way is a link of SO-101/,
      ),
      expect.stringMatching(/camera wrist\/image\/compressed: its frame wrist_optical hangs from world/),
    ]);
    const datasetId = new Catalog(ws.db).ensureDataset('plain').id;
    expect(new RigStore(ws, new RobotStore(ws)).settings(datasetId)).toBeNull();
  });

  it('composes a chain up to the first link, and finds none on a chain of other frames', () => {
    const chain = [
      { parent: 'a', xyz: [1, 0, 0] as [number, number, number], rpy: [0, 0, 0] as [number, number, number] },
      {
        parent: 'link',
        xyz: [0, 0, 1] as [number, number, number],
        rpy: [0, 0, Math.PI] as [number, number, number],
      },
    ];
    const on = mountOnLink(chain, new Set(['link']))!;
    expect(on.parent).toBe('link');
    on.xyz.forEach((v, i) => expect(v).toBeCloseTo([-1, 0, 1][i]!, 9));
    expect(Math.abs(on.rpy[2])).toBeCloseTo(Math.PI, 9);
    expect(mountOnLink(chain, new Set(['other']))).toBeNull();
  });
});
