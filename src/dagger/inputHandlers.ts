import type { daggerInputCalls, HandlersFor } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { packageRoot } from '../paths';
import { loadSo101Urdf } from '../sim';
import { solveIkDls } from '../sim/arm/dlsIk';
import { gripperPose } from '../sim/arm/ik';
import { so101Chain } from '../sim/arm/so101';
import { RolloutImporter } from './importRollouts';

const IK_TOLERANCE = 1e-3;

/** Handlers of the labelling inputs: the arm's inverse kinematics and imported rollouts. */
export function createDaggerInputHandlers({ ws }: FeatureDeps): HandlersFor<typeof daggerInputCalls> {
  const importer = new RolloutImporter(ws);
  const chain = () => so101Chain(loadSo101Urdf(packageRoot()));
  return {
    solveArmIk: ({ joints, target }) => {
      const c = chain();
      if (!target)
        return {
          joints,
          position: gripperPose(c, joints).position,
          status: 'pose',
          error: 0,
          tolerance: IK_TOLERANCE,
        };
      const answer = solveIkDls(c, joints, target, { tolerance: IK_TOLERANCE });
      return {
        joints: answer.joints,
        position: gripperPose(c, answer.joints).position,
        status: answer.status,
        error: answer.error,
        tolerance: IK_TOLERANCE,
      };
    },
    importDaggerRollouts: ({ runId, episodeIds, policyVersion }) =>
      importer.attach(runId, episodeIds, policyVersion),
    listImportedRollouts: ({ runId }) => importer.list(runId),
  };
}
