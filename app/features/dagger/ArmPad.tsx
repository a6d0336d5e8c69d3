import { useLayoutEffect, useRef, useState } from 'react';
import type { ArmIkResult } from '../../../src/common/api';
import { SO101_JOINTS } from '../../../src/common/robot/jointMapping';
import { useNotices } from '../../components/Toast';
import { useStudio } from '../../state/studioContext';
import { decimatedMeshes, DEFAULT_ROBOT_URDF } from '../../viewer/robotAssets';
import { RobotScene } from '../../viewer/robotScene';
import { ArmGizmo, type Vec3 } from './armGizmo';
import type { GamepadInput } from './gamepadInput';
import { padArmMove } from './gamepadMap';
import { usePadFrames } from './useGamepad';

/**
 * The arm posed at the action's joint targets, with a gizmo on its end effector: dragging it asks
 * `solveArmIk` for the joints that put the end effector there (one request at a time, the latest
 * target wins) and sets them; a target out of reach leaves the joints and says so.
 */
export function ArmPad({
  joints,
  onJoints,
  gamepad = null,
}: {
  joints: readonly number[];
  onJoints(q: number[]): void;
  /** Sticks move the end effector (left: forward/back and sideways, right: up/down). */
  gamepad?: GamepadInput | null;
}) {
  const client = useStudio();
  const notices = useNotices();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const gizmoRef = useRef<ArmGizmo | null>(null);
  const sceneRef = useRef<RobotScene | null>(null);
  const latest = useRef({ joints, onJoints });
  latest.current = { joints, onJoints };
  /** Where the end effector is for the joints set last (m, base frame). */
  const effector = useRef<Vec3 | null>(null);
  const aim = useRef<(target: Vec3) => void>(() => {});
  const [ik, setIk] = useState<Pick<ArmIkResult, 'status' | 'error'> | null>(null);

  // A layout effect, so that the scene and gizmo exist before the placement below first runs.
  useLayoutEffect(() => {
    const canvas = canvasRef.current!;
    const scene = new RobotScene(canvas);
    sceneRef.current = scene;
    const resize = new ResizeObserver(() => scene.resize(canvas.clientWidth, canvas.clientHeight));
    resize.observe(canvas);
    let pending: Vec3 | null = null;
    let busy = false;
    const solve = async () => {
      busy = true;
      try {
        while (pending) {
          const target = pending;
          pending = null;
          const answer = await client.call('solveArmIk', { joints: [...latest.current.joints], target });
          gizmo.setReachable(answer.status === 'reached');
          setIk({ status: answer.status, error: answer.error });
          if (answer.status === 'reached') {
            effector.current = answer.position;
            latest.current.onJoints(answer.joints);
          }
        }
      } catch (e) {
        notices.error(e, 'solve the arm’s inverse kinematics');
      } finally {
        busy = false;
      }
    };
    aim.current = (target) => {
      pending = target;
      if (!busy) void solve();
    };
    const gizmo = new ArmGizmo(
      scene,
      (target) => aim.current(target),
      () => {
        // Back onto the end effector of the joints set last.
        gizmo.setReachable(true);
        void place(latest.current.joints);
      },
    );
    gizmoRef.current = gizmo;
    scene
      .loadRobot({
        urdfUrl: client.mediaUrl(DEFAULT_ROBOT_URDF),
        meshUrl: decimatedMeshes,
        so101Colors: true,
      })
      .then(() => {
        canvas.dataset.robotLoaded = '1';
        pose(scene, latest.current.joints);
      })
      .catch((e: unknown) => notices.error(e, 'load the arm'));
    return () => {
      resize.disconnect();
      gizmo.dispose();
      scene.dispose();
      gizmoRef.current = null;
      sceneRef.current = null;
    };
  }, [client]);

  const place = async (q: readonly number[]) => {
    const gizmo = gizmoRef.current;
    if (!gizmo) return;
    const shown = await gizmo.placeWhen(
      client.call('solveArmIk', { joints: [...q] }).then((at) => at.position),
    );
    if (shown) effector.current = shown;
  };
  usePadFrames(gamepad, ({ pad, dt }) => {
    const move = padArmMove(pad, dt);
    const from = effector.current;
    if (!move || !from) return;
    const target: Vec3 = [from[0] + move[0], from[1] + move[1], from[2] + move[2]];
    effector.current = target;
    gizmoRef.current?.place(target);
    aim.current(target);
  });
  // In the commit that shows new joints, so the canvas never says "settled" beside them for an older pose.
  useLayoutEffect(() => {
    if (sceneRef.current) pose(sceneRef.current, joints);
    if (gizmoRef.current && !gizmoRef.current.dragging)
      place(joints).catch((e: unknown) => notices.error(e, 'place the end effector'));
  }, [joints.join()]);

  return (
    <div className="arm-pad">
      <canvas ref={canvasRef} data-testid="arm-pad" />
      <span
        className={`chip ${ik?.status === 'unreachable' ? 'error' : ''}`}
        data-testid="arm-ik-status"
        data-status={ik?.status ?? 'idle'}
      >
        {ik === null
          ? 'drag the end effector'
          : ik.status === 'reached'
            ? 'IK: reached'
            : `IK: out of reach (${(ik.error * 1000).toFixed(0)} mm short), joints kept`}
      </span>
    </div>
  );
}

function pose(scene: RobotScene, q: readonly number[]): void {
  const values: Record<string, number> = {};
  SO101_JOINTS.forEach((name, i) => (values[name] = q[i] ?? 0));
  scene.setJoints(values);
}
