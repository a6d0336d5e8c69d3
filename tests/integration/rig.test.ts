import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type CallInput, type CallName } from '../../src/common/api';
import { seriesStream, writeEpisode } from '../../src/importers/importEpisode';
import { createServices, type StudioServices } from '../../src/service/services';
import { Catalog } from '../../src/workspace/catalog';
import { tempDir } from '../helpers/workspace';
import { toyUrdf, writeToyRobot } from '../helpers/toyRobot';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let toy: { urdf: string; meshDir: string };
let episodeId: string;
const call = <K extends CallName>(name: K, input: CallInput<K>) => dispatch(services.handlers, name, input);
const meshFiles = () => ['base.dae', 'upper.stl', 'fore.obj'].map((f) => path.join(toy.meshDir, f));
const robotCount = () =>
  (services.ws.db.prepare('SELECT COUNT(*) AS n FROM robots').get() as { n: number }).n;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
  toy = writeToyRobot(path.join(tmp.dir, 'toy'));
  // Joint angles in degrees under names that match no joint: shoulder 0, 90, 0; elbow 0, 0, 90.
  const times = Float64Array.from([0, 1e8, 2e8]);
  const ep = await writeEpisode(services.ws, 'toy-demos', {
    name: 'toy-0',
    primary: null,
    primaryHash: null,
    thumbnail: null,
    metadata: {},
    streams: [
      seriesStream('arm', {
        columns: ['arm.a', 'arm.b', 'grip'],
        timestampsNs: times,
        values: Float32Array.from([0, 0, 1, 90, 0, 1, 0, 90, 0]),
      }),
    ],
  });
  episodeId = ep.id;
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('robots', () => {
  it('lists the built-in SO-101 with its six joints and gripper frame', async () => {
    const [so101] = await call('listRobots', {});
    expect(so101).toMatchObject({ id: 'so101', builtin: true, endEffector: 'gripper_frame_link' });
    expect(so101!.joints.map((j) => j.name)).toEqual([
      'shoulder_pan',
      'shoulder_lift',
      'elbow_flex',
      'wrist_flex',
      'wrist_roll',
      'gripper',
    ]);
  });

  it('copies a URDF and its package:// meshes into blobs, leaving the originals as they were', async () => {
    const before = [toy.urdf, ...meshFiles()].map(sha);
    const robot = await call('addRobot', { urdfPath: toy.urdf, meshPaths: meshFiles() });
    expect(robot).toMatchObject({
      name: 'toy_arm',
      builtin: false,
      endEffector: 'tool',
      sourcePath: toy.urdf,
    });
    expect(robot.joints.map((j) => j.name)).toEqual(['shoulder', 'elbow']);
    const copy = readFileSync(services.ws.blobs.pathOf(robot.urdfBlob!), 'utf8');
    const refs = [...copy.matchAll(/filename="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual([
      `${sha(path.join(toy.meshDir, 'base.dae'))}.dae`,
      `${sha(path.join(toy.meshDir, 'upper.stl'))}.stl`,
      `${sha(path.join(toy.meshDir, 'fore.obj'))}.obj`,
    ]);
    for (const ref of refs) expect(services.ws.blobs.has(ref.slice(0, 64))).toBe(true);
    // The robot's blobs count as referenced, so cleaning the blob store keeps them.
    const referenced = new Catalog(services.ws.db).referencedBlobs();
    for (const hash of [robot.urdfBlob!, sha(toy.urdf), ...refs.map((r) => r.slice(0, 64))])
      expect(referenced.has(hash)).toBe(true);
    const catalog = services.ws.db.prepare('SELECT mime FROM blobs WHERE hash = ?');
    expect(catalog.get(refs[2]!.slice(0, 64))).toEqual({ mime: 'model/obj' });
    expect([toy.urdf, ...meshFiles()].map(sha)).toEqual(before);
    expect((await call('listRobots', {})).map((r) => r.name)).toEqual(['SO-101', 'toy_arm']);
  });

  it('finds meshes beside the URDF when no mesh folder is given (relative references)', async () => {
    const dir = path.join(tmp.dir, 'relative');
    const { urdf } = writeToyRobot(dir, () => toyUrdf('meshes'));
    const robot = await call('addRobot', { urdfPath: urdf, name: 'relative toy' });
    expect(robot.name).toBe('relative toy');
  });

  const refuses: [string, (dir: string) => { urdf: string; meshes?: string[] }, RegExp][] = [
    [
      'a missing mesh',
      (d) => write(`${d}-alone`, toyUrdf('package://toy_arm/meshes')),
      /mesh "package:\/\/toy_arm\/meshes\/base.dae" was not found/,
    ],
    [
      'XML that is not well formed',
      (d) => write(d, '<robot name="x"><link name="a"></robot>'),
      /is not well-formed XML/,
    ],
    ['XML without a <robot>', (d) => write(d, '<html><body/></html>'), /no <robot> element/],
    [
      'a robot with two roots',
      (d) => write(d, '<robot name="x"><link name="a"/><link name="b"/></robot>'),
      /exactly one root link, found 2/,
    ],
    [
      'a robot without movable joints',
      (d) => write(d, '<robot name="x"><link name="a"/></robot>'),
      /has no movable joint/,
    ],
    [
      'a PLY mesh',
      (d) => write(d, toyUrdf('meshes').replace('base.dae', 'base.ply')),
      /is a \.ply; meshes can be STL, DAE or OBJ/,
    ],
    [
      'a mesh path that climbs out of the folder',
      (d) => write(d, toyUrdf('../../../../../etc').replace('base.dae', 'passwd.stl')),
      /passwd.stl" was not found/,
    ],
    ['a folder instead of a file', (d) => ({ urdf: d }), /is not a file/],
    ['a file that does not exist', (d) => ({ urdf: path.join(d, 'nope.urdf') }), /does not exist/],
  ];
  it.each(refuses)('refuses %s with the file named, writing nothing', async (_what, make, message) => {
    const dir = path.join(tmp.dir, `bad-${Math.random().toString(36).slice(2)}`);
    writeToyRobot(dir);
    const { urdf, meshes } = make(dir);
    const n = robotCount();
    const err = await call('addRobot', { urdfPath: urdf, meshPaths: meshes ?? [] }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(message);
    expect(err?.message).toContain(urdf);
    expect(robotCount()).toBe(n);
  });

  it('does not expand XML entities (an entity bomb stays a few bytes)', async () => {
    let entities = '<!ENTITY a0 "lollollollollollollollollollol">';
    for (let i = 1; i < 10; i++) entities += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
    const xml = toyUrdf('meshes').replace(
      '<robot name="toy_arm">',
      `<!DOCTYPE robot [${entities}]>\n<robot name="&a9;">`,
    );
    const dir = path.join(tmp.dir, 'bomb');
    writeToyRobot(dir);
    const robot = await call('addRobot', { urdfPath: write(dir, xml).urdf });
    expect(robot.name.length).toBeLessThan(100);
  });

  it('refuses a mesh file that does not exist', async () => {
    await expect(
      call('addRobot', { urdfPath: toy.urdf, meshPaths: [path.join(tmp.dir, 'gone.stl')] }),
    ).rejects.toThrow(/gone.stl: mesh file does not exist/);
  });
});

function write(dir: string, xml: string): { urdf: string } {
  mkdirSync(dir, { recursive: true });
  const urdf = path.join(dir, 'robot.urdf');
  writeFileSync(urdf, xml);
  return { urdf };
}

describe('rigs', () => {
  it('defaults to the SO-101 and finds no joint columns in a recording that names none', async () => {
    const rig = await call('getRig', { episodeId });
    expect(rig).toMatchObject({ saved: false, jointStream: null, jointColumns: {}, cameras: {} });
    expect(rig.robot.id).toBe('so101');
    expect(await call('endEffectorTrail', { episodeId })).toBeNull();
  });

  it('maps columns to a custom robot’s joints and follows its end effector by forward kinematics', async () => {
    const toyRobot = (await call('listRobots', {})).find((r) => r.name === 'toy_arm')!;
    const rig = await call('setRig', {
      episodeId,
      rig: {
        robotId: toyRobot.id,
        jointStream: 'arm',
        jointColumns: { shoulder: 'arm.a', elbow: 'arm.b' },
        angleUnit: 'deg',
        endEffector: null,
        cameras: {
          top: {
            parent: 'base',
            xyz: [0.2, 0, 0.6],
            rpy: [Math.PI, 0, -Math.PI / 2],
            fovYDeg: 50,
            orthoHeightM: null,
            depthM: 0.2,
          },
        },
      },
    });
    expect(rig).toMatchObject({ saved: true, jointStream: 'arm', endEffector: 'tool' });
    expect(rig.jointColumns).toEqual({ shoulder: 'arm.a', elbow: 'arm.b' });
    const trail = (await call('endEffectorTrail', { episodeId }))!;
    expect(trail).toMatchObject({
      robot: 'toy_arm',
      link: 'tool',
      stream: 'arm',
      mapping: { shoulder: 0, elbow: 1 },
    });
    expect(trail.scales.shoulder).toBeCloseTo(Math.PI / 180);
    const expected = [
      [0.5, 0, 0.05],
      [0, 0.5, 0.05],
      [0.3, 0.2, 0.05],
    ].flat();
    trail.points.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    // Reopened, the rig is still there.
    expect((await call('getRig', { episodeId })).robot.name).toBe('toy_arm');
  });

  const badRigs: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown robot', { robotId: 'robot_nope' }, /no robot robot_nope/],
    ['a joint the robot lacks', { jointColumns: { knee: 'arm.a' } }, /has no movable joint knee/],
    ['an unknown end-effector link', { endEffector: 'hand' }, /has no link hand/],
    [
      'a camera on an unknown link',
      { cameras: { top: { parent: 'mast', xyz: [0, 0, 0], rpy: [0, 0, 0], fovYDeg: 60 } } },
      /camera top: toy_arm has no link mast/,
    ],
    [
      'a camera both perspective and orthographic',
      { cameras: { top: { parent: 'base', xyz: [0, 0, 0], rpy: [0, 0, 0], fovYDeg: 60, orthoHeightM: 1 } } },
      /either a field of view/,
    ],
    [
      'two objects with one name',
      {
        objects: [1, 2].map(() => ({
          name: 'cube',
          stream: 'arm',
          x: 'arm.a',
          y: 'arm.b',
          size: [0.1, 0.1, 0.1],
          color: '#ff0000',
        })),
      },
      /two objects are named "cube"/,
    ],
    [
      'an object colour that is not #rrggbb',
      {
        objects: [
          { name: 'cube', stream: 'arm', x: 'arm.a', y: 'arm.b', size: [0.1, 0.1, 0.1], color: 'red' },
        ],
      },
      /a colour is #rrggbb/,
    ],
    [
      'a position that is not a number',
      { cameras: { top: { parent: 'base', xyz: [0, 'up', 0], rpy: [0, 0, 0], fovYDeg: 60 } } },
      /xyz/,
    ],
  ];
  it.each(badRigs)('refuses %s and keeps the saved rig', async (_what, patch, message) => {
    const toyRobot = (await call('listRobots', {})).find((r) => r.name === 'toy_arm')!;
    const base = {
      robotId: toyRobot.id,
      jointStream: 'arm',
      jointColumns: {},
      angleUnit: 'deg',
      endEffector: null,
      cameras: {},
    };
    await expect(call('setRig', { episodeId, rig: { ...base, ...patch } as never })).rejects.toThrow(message);
    expect((await call('getRig', { episodeId })).jointColumns).toEqual({ shoulder: 'arm.a', elbow: 'arm.b' });
  });

  it('forgets a saved rig and goes back to the defaults', async () => {
    const rig = await call('setRig', { episodeId, rig: null });
    expect(rig).toMatchObject({ saved: false, robot: { id: 'so101' } });
    const audit = services.ws.db
      .prepare(`SELECT action FROM audit WHERE action LIKE 'rig.%' OR action = 'robot.add'`)
      .all();
    expect(audit.map((a) => (a as { action: string }).action)).toEqual([
      'robot.add',
      'robot.add',
      'robot.add',
      'rig.set',
      'rig.reset',
    ]);
  });
});

describe('mimic add-robot and mimic robots', () => {
  const mimic = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/mimic.mjs', ...args], { encoding: 'utf8' });

  it('adds a URDF with its mesh folder and lists it', () => {
    const wsDir = path.join(tmp.dir, 'cli-ws');
    expect(mimic('init', wsDir).status).toBe(0);
    const added = mimic(
      'add-robot',
      wsDir,
      toy.urdf,
      '--meshes',
      toy.meshDir,
      '--name',
      'toy from cli',
      '--json',
    );
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'toy from cli', endEffector: 'tool' });
    const listed = JSON.parse(mimic('robots', wsDir, '--json').stdout) as { robots: { name: string }[] };
    expect(listed.robots.map((r) => r.name)).toEqual(['SO-101', 'toy from cli']);
  });

  it('says which mesh is missing and exits non-zero', () => {
    const wsDir = path.join(tmp.dir, 'cli-ws-2');
    mimic('init', wsDir);
    const lonely = write(path.join(tmp.dir, 'lonely'), toyUrdf('package://toy_arm/meshes')).urdf;
    const r = mimic('add-robot', wsDir, lonely, '--json');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${lonely}: mesh "package://toy_arm/meshes/base.dae" was not found`);
    // With --json the failure is also on stdout, as the web host would answer it.
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'bad_input' } });
  });
});
