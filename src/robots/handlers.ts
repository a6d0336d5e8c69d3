import { StudioError, type HandlersFor, type rigCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { endEffectorTrail, jointScales } from './trail';
import { readSeries } from '../series/readSeries';
import { Catalog } from '../workspace/catalog';
import { RigStore } from './rigStore';
import { RobotStore } from './robotStore';

/** Handlers of the rig calls: robots, each dataset's rig, and the end-effector trail. */
export function createRigHandlers({ ws }: FeatureDeps): HandlersFor<typeof rigCalls> {
  const catalog = new Catalog(ws.db);
  const robots = new RobotStore(ws);
  const rigs = new RigStore(ws, robots);
  const resolve = (episodeId: string) => {
    const ep = catalog.getEpisode(episodeId);
    return rigs.resolve(ep.datasetId, ep.streamDetails);
  };

  return {
    listRobots: () => robots.list(),
    addRobot: ({ urdfPath, meshPaths, name }) => robots.add(urdfPath, meshPaths, name),
    getRig: ({ episodeId }) => resolve(episodeId).rig,
    setRig: ({ episodeId, rig }) => {
      const ep = catalog.getEpisode(episodeId);
      rigs.save(ep.datasetId, rig);
      return rigs.resolve(ep.datasetId, ep.streamDetails).rig;
    },
    endEffectorTrail: async ({ episodeId, maxPoints }) => {
      const { rig, loaded, stream, mapping } = resolve(episodeId);
      if (!stream || Object.keys(mapping).length === 0) return null;
      if (!loaded.robot.links.includes(rig.endEffector))
        throw new StudioError('bad_input', `${loaded.robot.name} has no link ${rig.endEffector}`);
      const series = await readSeries(ws.blobs, stream);
      const scales = jointScales(series, mapping, loaded.chain, rig.angleUnit);
      return {
        robot: loaded.robot.name,
        link: rig.endEffector,
        stream: stream.name,
        mapping,
        scales,
        ...endEffectorTrail(series, mapping, scales, loaded.chain, rig.endEffector, maxPoints),
      };
    },
  };
}
