import { z } from 'zod';

// Inputs to DAgger labelling beyond the simulators' own rollouts: the arm's end effector placed by
// inverse kinematics, and rollouts recorded on a real robot imported into a run.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const Id = z.string().min(1).max(100);
const Joints = z.array(z.number().finite()).length(6);

/** The policy version named on imported rollouts when none is given. */
export const EXTERNAL_POLICY = 'external';

export const ArmIkResultSchema = z.object({
  /** SO-101 joints (pan, lift, elbow, wrist flex, wrist roll, gripper): the solution, else as given. */
  joints: Joints,
  /** Where the gripper frame is with `joints` (m, the robot's base frame). */
  position: z.tuple([z.number(), z.number(), z.number()]),
  /** `reached`: within `tolerance` of the target; `unreachable`: the joints are left as given. */
  status: z.enum(['reached', 'unreachable', 'pose']),
  /** Distance (m) from the target at the best pose found (0 without a target). */
  error: z.number(),
  tolerance: z.number(),
});
export type ArmIkResult = z.infer<typeof ArmIkResultSchema>;

export const ImportedRolloutSchema = z.object({
  episodeId: z.string(),
  /** The run's iteration (dataset version) the rollout belongs to. */
  iteration: z.number().int(),
  policyVersion: z.string(),
  frames: z.number().int(),
  importedBy: z.string(),
  importedAt: z.string(),
});
export type ImportedRollout = z.infer<typeof ImportedRolloutSchema>;

export const daggerInputCalls = {
  /**
   * The SO-101's gripper frame for `joints` and, with a `target` (m, base frame), the joints that put
   * it there: damped least squares over the simulator's forward kinematics, within the joint limits.
   */
  solveArmIk: call(
    z.object({ joints: Joints, target: z.tuple([z.number(), z.number(), z.number()]).optional() }),
    ArmIkResultSchema,
  ),
  /**
   * Attaches existing episodes (e.g. real-robot rollouts brought in by an importer) to a run's current
   * iteration as rollouts to label: their `action` is what the policy did, nothing is labelled yet.
   */
  importDaggerRollouts: call(
    z.object({
      runId: Id,
      episodeIds: z.array(Id).min(1).max(1000),
      /** The policy that produced the rollouts (default `external`). */
      policyVersion: z.string().trim().min(1).max(200).optional(),
    }),
    z.object({ runId: z.string(), iteration: z.number().int(), rollouts: z.array(ImportedRolloutSchema) }),
  ),
  listImportedRollouts: call(z.object({ runId: Id }), z.array(ImportedRolloutSchema)),
} as const;
