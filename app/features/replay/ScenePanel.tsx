import { useEffect, useRef, useState } from 'react';
import type { Episode } from '../../../src/common/api';
import { useStudio } from '../../state/studioContext';
import { decimatedMeshes, DEFAULT_ROBOT_URDF, robotAssetUrl } from '../../viewer/robotAssets';
import { RobotScene } from '../../viewer/robotScene';
import type { PlaybackClock } from './clock';
import type { SeriesSource } from './seriesSource';

/** The 3D view: the default robot posed from the joint-state stream at the clock's time. */
export function ScenePanel(props: {
  episode: Episode;
  clock: PlaybackClock;
  sources: ReadonlyMap<string, SeriesSource>;
}) {
  const { episode, clock, sources } = props;
  const client = useStudio();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sceneRef = useRef<RobotScene | null>(null);
  const [status, setStatus] = useState('Loading robot…');

  useEffect(() => {
    const canvas = canvasRef.current!;
    const scene = new RobotScene(canvas);
    sceneRef.current = scene;
    let disposed = false;
    const resize = new ResizeObserver(() => scene.resize(canvas.clientWidth, canvas.clientHeight));
    resize.observe(canvas);
    let offClock = () => {};
    let offLoad = () => {};
    void (async () => {
      try {
        const [, trail] = await Promise.all([
          scene.loadRobot({ urdfUrl: robotAssetUrl(client, DEFAULT_ROBOT_URDF), meshUrl: decimatedMeshes }),
          client.call('endEffectorTrail', { episodeId: episode.id }),
        ]);
        if (disposed) return;
        canvas.dataset.robotLoaded = '1';
        if (!trail) {
          setStatus('No joint-state stream matches the robot’s joints');
          return;
        }
        setStatus('');
        scene.setTrail(trail.points, trail.timesNs);
        const source = sources.get(trail.stream);
        if (!source) return;
        const pose = () => {
          const row = source.rowAt(clock.timeNs);
          scene.setTime(clock.timeNs);
          if (!row) return;
          const q: Record<string, number> = {};
          for (const [joint, col] of Object.entries(trail.mapping))
            q[joint] = row.values[col]! * trail.angleScale;
          scene.setJoints(q);
        };
        offClock = clock.onDidChange(pose);
        offLoad = source.onDidLoad(pose);
        pose();
      } catch (e) {
        if (!disposed) setStatus(`Cannot show the robot: ${(e as Error).message}`);
      }
    })();
    return () => {
      disposed = true;
      offClock();
      offLoad();
      resize.disconnect();
      scene.dispose();
      sceneRef.current = null;
    };
  }, [client, episode.id, clock, sources]);

  return (
    <div className="panel scene-panel" data-testid="scene-panel">
      <canvas ref={canvasRef} data-testid="scene-canvas" />
      <div className="panel-bar">
        <span>3D · SO-101</span>
        <button onClick={() => sceneRef.current?.resetView()} data-testid="reset-view" title="Reset view">
          Reset view
        </button>
      </div>
      {status && <div className="panel-status">{status}</div>}
    </div>
  );
}
