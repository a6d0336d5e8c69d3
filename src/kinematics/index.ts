export { parseUrdf, type JointType, type UrdfJoint, type UrdfRobot } from './urdf';
export {
  buildChain,
  clampToLimits,
  forwardKinematics,
  jointMotion,
  movableJoints,
  type JointValues,
  type KinematicChain,
} from './forwardKinematics';
export * from './transform';
