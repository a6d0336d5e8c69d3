import type { CameraMount } from '../../common/api';
import { fromXyzRpy, multiply, rpyOf, translationOf } from '../../kinematics/transform';
import { DEFAULT_RIG, RigStore } from '../../robots/rigStore';
import { RobotStore } from '../../robots/robotStore';
import { Catalog } from '../../workspace/catalog';
import type { Workspace } from '../../workspace/workspace';
import type { CameraNote } from './cameras';

/** The field of view given to a camera whose recording has no camera info. */
const DEFAULT_FOV_DEG = 60;

type Step = NonNullable<CameraNote['mount']>;

/**
 * The camera's pose on the first frame up its tf chain that is a robot link: the transforms from
 * that link down to the camera's frame, composed. Null when no frame of the chain is a link.
 */
export function mountOnLink(
  chain: Step[],
  links: ReadonlySet<string>,
): { parent: string; xyz: [number, number, number]; rpy: [number, number, number] } | null {
  let pose = null;
  for (const step of chain) {
    const t = fromXyzRpy(step.xyz, step.rpy);
    pose = pose ? multiply(t, pose) : t;
    if (links.has(step.parent)) return { parent: step.parent, xyz: translationOf(pose), rpy: rpyOf(pose) };
  }
  return null;
}

/**
 * Sets the dataset rig's camera mounts from what a recording's `tf`/`tf_static` and `camera_info`
 * say, the way the rig dialog and the simulator set them: each camera on the link its frame hangs
 * from, with the field of view of its intrinsics. A camera the rig mounts already keeps its mount
 * (a curator's rig wins). Returns a warning for each camera that stays in the metadata only.
 */
export function mountRecordingCameras(
  ws: Workspace,
  dataset: string,
  cameras: Record<string, CameraNote>,
): string[] {
  if (Object.keys(cameras).length === 0) return [];
  const datasetId = new Catalog(ws.db).ensureDataset(dataset).id;
  const robots = new RobotStore(ws);
  const rigs = new RigStore(ws, robots);
  const settings = rigs.settings(datasetId) ?? DEFAULT_RIG;
  const robot = robots.load(settings.robotId).robot;
  const links = new Set(robot.links);
  const warnings: string[] = [];
  const added: Record<string, CameraMount> = {};
  for (const [stream, note] of Object.entries(cameras)) {
    if (settings.cameras[stream]) continue;
    const chain = note.chain ?? (note.mount ? [note.mount] : []);
    const frame = note.frameId || '(no frame_id)';
    if (chain.length === 0) {
      warnings.push(
        `camera ${stream}: no transform (tf, tf_static) places its frame ${frame}; its intrinsics stay in the episode metadata (source.cameras)`,
      );
      continue;
    }
    const on = mountOnLink(chain, links);
    if (!on) {
      const top = chain[chain.length - 1]!.parent;
      warnings.push(
        `camera ${stream}: its frame ${frame} hangs from ${top}, and no frame on the way is a link of ${robot.name}; its mount stays in the episode metadata (source.cameras)`,
      );
      continue;
    }
    const fov = note.intrinsics?.fovYDeg;
    const known = fov !== undefined && fov > 1 && fov < 179;
    if (!known) {
      warnings.push(
        `camera ${stream}: no camera_info for frame ${frame}; mounted on ${on.parent} with a ${DEFAULT_FOV_DEG}° field of view`,
      );
    }
    added[stream] = { ...on, fovYDeg: known ? fov : DEFAULT_FOV_DEG, orthoHeightM: null, depthM: 0.15 };
  }
  if (Object.keys(added).length > 0) {
    rigs.save(datasetId, { ...settings, cameras: { ...settings.cameras, ...added } });
  }
  return warnings;
}
