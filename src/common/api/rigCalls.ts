import { z } from 'zod';

// Calls about a dataset's rig: which robot recorded it (a URDF with its meshes), which series columns
// drive which joints, and where its cameras sit. Spread into the contract's `calls`.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const Id = z.string().min(1).max(100);
const Name = z.string().trim().min(1).max(200);
const Vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

export const BUILTIN_ROBOT_ID = 'so101';

export const RobotJointSchema = z.object({
  name: z.string(),
  type: z.string(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

export const RobotSchema = z.object({
  id: z.string(),
  name: z.string(),
  builtin: z.boolean(),
  /** Custom robots: the blob of the URDF whose mesh references point at mesh blobs beside it. */
  urdfBlob: z.string().nullable(),
  /** Movable joints in chain order. */
  joints: z.array(RobotJointSchema),
  links: z.array(z.string()),
  /** The link the trail follows unless a rig names another: the deepest leaf of the tree. */
  endEffector: z.string(),
  /** Where a custom robot's URDF came from. */
  sourcePath: z.string().nullable(),
});
export type Robot = z.infer<typeof RobotSchema>;

/**
 * Where a camera sits: its optical frame (z forward, x right, y down, as in OpenCV and ROS
 * `*_optical_frame`) relative to a robot link, by URDF-style xyz (m) and rpy (rad). A camera has a
 * vertical field of view, or is orthographic with a known image height in metres.
 */
export const CameraMountSchema = z
  .object({
    parent: z.string().min(1).max(200),
    xyz: Vec3,
    rpy: Vec3,
    fovYDeg: z.number().gt(1).lt(179).nullable().default(null),
    orthoHeightM: z.number().positive().max(100).nullable().default(null),
    /** How far from the camera to draw the image plane, metres. */
    depthM: z.number().positive().max(100).default(0.15),
  })
  .refine((m) => (m.fovYDeg === null) !== (m.orthoHeightM === null), {
    message: 'a camera has either a field of view (fovYDeg) or an orthographic height (orthoHeightM)',
  });
export type CameraMount = z.infer<typeof CameraMountSchema>;

/**
 * A thing of the task drawn in the 3D view (a block, a target pad), placed at each time from columns
 * of a series stream: position in metres in the robot's base frame, and optionally yaw in radians.
 */
export const SceneObjectSchema = z.object({
  name: z.string().trim().min(1).max(100),
  stream: z.string().min(1).max(200),
  x: z.string().min(1).max(200),
  y: z.string().min(1).max(200),
  /** Without a z column the object rests on the ground (z = half its height). */
  z: z.string().max(200).nullable().default(null),
  yaw: z.string().max(200).nullable().default(null),
  shape: z.enum(['box', 'cylinder', 'sphere']).default('box'),
  /** Box: x, y, z edges; cylinder: diameter, diameter, height; sphere: diameter (first value). */
  size: z.tuple([
    z.number().positive().max(10),
    z.number().positive().max(10),
    z.number().positive().max(10),
  ]),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb'),
});
export type SceneObject = z.infer<typeof SceneObjectSchema>;

export const AngleUnitSchema = z.enum(['auto', 'rad', 'deg']);
export type AngleUnit = z.infer<typeof AngleUnitSchema>;

export const RigSettingsSchema = z.object({
  robotId: Id,
  /** The series stream holding joint states. */
  jointStream: z.string().max(200).nullable(),
  /** Joint name -> column name of `jointStream`. */
  jointColumns: z.record(z.string().max(200), z.string().max(200)),
  angleUnit: AngleUnitSchema.default('auto'),
  endEffector: z.string().max(200).nullable().default(null),
  /** Video stream name -> where that camera sits. */
  cameras: z.record(z.string().max(200), CameraMountSchema).default({}),
  objects: z.array(SceneObjectSchema).max(50).default([]),
});
export type RigSettings = z.infer<typeof RigSettingsSchema>;

/** Where the rig's end effector went over an episode (forward kinematics of its joint states). */
export const TrailSchema = z.object({
  robot: z.string(),
  link: z.string(),
  stream: z.string(),
  /** Joint name -> column of `stream`, and the factor that turns its values into URDF units. */
  mapping: z.record(z.string(), z.number().int()),
  scales: z.record(z.string(), z.number()),
  timesNs: z.array(z.number()),
  /** x, y, z per point in the robot's base frame (URDF, z up), metres. */
  points: z.array(z.number()),
});
export type Trail = z.infer<typeof TrailSchema>;

export const RigSchema = z.object({
  datasetId: z.string(),
  /** False while the dataset uses the defaults (the SO-101, columns matched by joint name). */
  saved: z.boolean(),
  robot: RobotSchema,
  jointStream: z.string().nullable(),
  jointColumns: z.record(z.string(), z.string()),
  angleUnit: AngleUnitSchema,
  endEffector: z.string(),
  cameras: z.record(z.string(), CameraMountSchema),
  objects: z.array(SceneObjectSchema),
});
export type Rig = z.infer<typeof RigSchema>;

export const rigCalls = {
  listRobots: call(z.object({}), z.array(RobotSchema)),
  /**
   * Copies a URDF and the meshes it names into the workspace. `meshPaths` are the files to look for
   * meshes in (a mesh folder's files); the URDF's own folder is searched too.
   */
  addRobot: call(
    z.object({
      urdfPath: z.string().min(1).max(4096),
      meshPaths: z.array(z.string().min(1).max(4096)).max(5000).default([]),
      name: Name.optional(),
    }),
    RobotSchema,
  ),
  /** The rig of an episode's dataset: the saved one, else defaults matched to this episode's streams. */
  getRig: call(z.object({ episodeId: Id }), RigSchema),
  setRig: call(z.object({ episodeId: Id, rig: RigSettingsSchema.nullable() }), RigSchema),
  /** Where the rig's end effector went over the episode (forward kinematics of its joint states). */
  endEffectorTrail: call(
    z.object({ episodeId: Id, maxPoints: z.number().int().min(2).max(20000).default(2000) }),
    TrailSchema.nullable(),
  ),
} as const;
