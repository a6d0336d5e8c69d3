import {
  BUILTIN_ROBOT_ID,
  RigSettingsSchema,
  StudioError,
  type Rig,
  type RigSettings,
  type Stream,
} from '../common/api';
import { pickJointStream } from '../common/robot/jointMapping';
import type { Workspace } from '../workspace/workspace';
import { nowIso } from '../workspace/ids';
import type { LoadedRobot, RobotStore } from './robotStore';

/** The rig of a dataset that has none saved: the SO-101, columns matched by joint name. */
export const DEFAULT_RIG: RigSettings = {
  robotId: BUILTIN_ROBOT_ID,
  jointStream: null,
  jointColumns: {},
  angleUnit: 'auto',
  endEffector: null,
  cameras: {},
  objects: [],
};

/** A rig applied to one episode: the robot, and joint name -> column index of the joint stream. */
export interface ResolvedRig {
  rig: Rig;
  loaded: LoadedRobot;
  stream: Stream | null;
  mapping: Record<string, number>;
}

/** Each dataset's rig (robot, joint columns, camera mounts); datasets without one use the defaults. */
export class RigStore {
  constructor(
    private readonly ws: Workspace,
    private readonly robots: RobotStore,
  ) {}

  settings(datasetId: string): RigSettings | null {
    const row = this.ws.db
      .prepare('SELECT settings FROM dataset_rigs WHERE dataset_id = ?')
      .get(datasetId) as { settings: string } | undefined;
    return row ? RigSettingsSchema.parse(JSON.parse(row.settings)) : null;
  }

  /** Saves (or, with null, forgets) a dataset's rig after checking it against the robot. */
  save(datasetId: string, settings: RigSettings | null): void {
    if (settings) this.check(settings);
    const db = this.ws.db;
    db.transaction(() => {
      if (settings)
        db.prepare(
          `INSERT INTO dataset_rigs (dataset_id, settings, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (dataset_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
        ).run(datasetId, JSON.stringify(settings), nowIso());
      else db.prepare('DELETE FROM dataset_rigs WHERE dataset_id = ?').run(datasetId);
      this.ws.audit.record({
        action: settings ? 'rig.set' : 'rig.reset',
        target: datasetId,
        episodeId: null,
        detail: settings ?? {},
      });
    }).immediate();
  }

  /** Saves a rig only if the dataset has none yet (a generator describing its own recordings). */
  saveIfAbsent(datasetId: string, settings: RigSettings): void {
    if (!this.settings(datasetId)) this.save(datasetId, settings);
  }

  private check(s: RigSettings): void {
    const { robot } = this.robots.load(s.robotId);
    const joints = new Set(robot.joints.map((j) => j.name));
    const links = new Set(robot.links);
    for (const joint of Object.keys(s.jointColumns))
      if (!joints.has(joint))
        throw new StudioError('bad_input', `${robot.name} has no movable joint ${joint}`);
    if (s.endEffector && !links.has(s.endEffector))
      throw new StudioError('bad_input', `${robot.name} has no link ${s.endEffector}`);
    const names = s.objects.map((o) => o.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new StudioError('bad_input', `two objects are named "${twice}"`);
    for (const [camera, mount] of Object.entries(s.cameras))
      if (!links.has(mount.parent))
        throw new StudioError('bad_input', `camera ${camera}: ${robot.name} has no link ${mount.parent}`);
  }

  /** The rig for an episode of `datasetId`: joint columns matched to this episode's streams. */
  resolve(datasetId: string, streams: readonly Stream[]): ResolvedRig {
    const saved = this.settings(datasetId);
    const s = saved ?? DEFAULT_RIG;
    const loaded = this.robots.load(s.robotId);
    const jointNames = loaded.robot.joints.map((j) => j.name);
    let stream: Stream | null = null;
    let mapping: Record<string, number> = {};
    const named = s.jointStream
      ? streams.find((x) => x.kind === 'series' && x.name === s.jointStream)
      : undefined;
    if (named && Object.keys(s.jointColumns).length > 0) {
      stream = named;
      for (const [joint, column] of Object.entries(s.jointColumns)) {
        const i = named.columns.indexOf(column);
        if (i >= 0) mapping[joint] = i;
      }
    } else {
      const picked = pickJointStream(named ? [named] : streams, jointNames);
      if (picked) {
        stream = picked.stream;
        mapping = picked.mapping;
      }
    }
    const jointColumns = Object.fromEntries(
      Object.entries(mapping).map(([joint, i]) => [joint, stream!.columns[i]!]),
    );
    return {
      loaded,
      stream,
      mapping,
      rig: {
        datasetId,
        saved: saved !== null,
        robot: loaded.robot,
        jointStream: stream?.name ?? null,
        jointColumns,
        angleUnit: s.angleUnit,
        endEffector: s.endEffector ?? loaded.robot.endEffector,
        cameras: s.cameras,
        objects: s.objects,
      },
    };
  }
}
