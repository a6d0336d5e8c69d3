import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { callQuery } from '../../data';
import { OPENED_STALE_TIME } from './useOpenEpisode';
import { blobRef, type Episode, type Rig } from '../../../src/common/api';
import { logFailure } from '../../state/notices';
import { useStudio } from '../../state/studioContext';
import { decimatedMeshes, DEFAULT_ROBOT_URDF } from '../../viewer/robotAssets';
import { RobotScene } from '../../viewer/robotScene';
import type { EpisodePlayer } from './episodePlayer';
import type { SeriesSource } from './seriesSource';
import type { VideoElements } from './videoElements';

/**
 * The 3D view: the dataset rig's robot posed from its joint-state stream at the clock's time, the end
 * effector's trail, and each mounted camera's frustum with its live image.
 */
export function ScenePanel({
  player,
  rig,
  onEditRig,
}: {
  player: EpisodePlayer;
  rig: Rig;
  onEditRig: () => void;
}) {
  const { episode, clock, sources, videos } = player;
  const client = useStudio();
  const queries = useQueryClient();
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
    const offs: (() => void)[] = [];
    // While playing, the view draws at the first camera's frame rate.
    const fps = player.cameras[0]?.video?.fps ?? 30;
    const playback = () =>
      scene.setPlayback(clock.playing ? { fps: fps * Math.max(1, Math.abs(clock.rate)) } : null);
    offs.push(clock.onDidChange((e) => e.kind === 'state' && playback()));
    playback();
    // A custom URDF names its meshes `<hash>.<ext>`, beside it under the same media route.
    const robotUrl = client.mediaUrl(rig.robot.urdfBlob ? blobRef(rig.robot.urdfBlob) : DEFAULT_ROBOT_URDF);
    void (async () => {
      try {
        const [, trail] = await Promise.all([
          scene.loadRobot(
            rig.robot.builtin
              ? { urdfUrl: robotUrl, meshUrl: decimatedMeshes, so101Colors: true }
              : { urdfUrl: robotUrl },
          ),
          queries.fetchQuery({
            ...callQuery(client, 'endEffectorTrail', { episodeId: episode.id }),
            staleTime: OPENED_STALE_TIME,
          }),
        ]);
        if (disposed) return;
        canvas.dataset.robotLoaded = '1';
        showCameras(scene, rig, episode, videos, offs);
        const placeObjects = showObjects(scene, rig, sources);
        setStatus(trail ? '' : `No series stream matches ${rig.robot.name}’s joints: map them with “Robot…”`);
        if (trail) scene.setTrail(trail.points, trail.timesNs);
        const source = trail ? sources.get(trail.stream) : undefined;
        const pose = () => {
          placeObjects(clock.timeNs);
          if (!trail || !source) return;
          const row = source.rowAt(clock.timeNs);
          scene.setTime(clock.timeNs);
          if (!row) return;
          const q: Record<string, number> = {};
          for (const [joint, col] of Object.entries(trail.mapping))
            q[joint] = row.values[col]! * (trail.scales[joint] ?? 1);
          scene.setJoints(q);
        };
        const streams = new Set([...(trail ? [trail.stream] : []), ...rig.objects.map((o) => o.stream)]);
        offs.push(clock.onDidChange(pose));
        for (const name of streams) {
          const s = sources.get(name);
          if (s) offs.push(s.onDidLoad(pose));
        }
        pose();
      } catch (e) {
        if (!disposed)
          setStatus(`Cannot show ${rig.robot.name}: ${logFailure(e, `show ${rig.robot.name} in 3D`)}`);
      }
    })();
    return () => {
      disposed = true;
      for (const off of offs) off();
      resize.disconnect();
      scene.dispose();
      sceneRef.current = null;
    };
  }, [client, queries, episode, rig, clock, sources, videos, player]);

  const cameraCount = Object.keys(rig.cameras).length;
  return (
    <div className="panel scene-panel" data-testid="scene-panel">
      <canvas ref={canvasRef} data-testid="scene-canvas" />
      <div className="panel-bar">
        <span>
          3D · {rig.robot.name}
          {cameraCount > 0 && ` · ${cameraCount} camera${cameraCount === 1 ? '' : 's'}`}
        </span>
        <span>
          <button onClick={onEditRig} data-testid="edit-rig" title="Robot, joint columns and camera mounts">
            Robot…
          </button>
          <button onClick={() => sceneRef.current?.resetView()} data-testid="reset-view" title="Reset view">
            Reset view
          </button>
        </span>
      </div>
      {status && <div className="panel-status">{status}</div>}
    </div>
  );
}

/** Draws the rig's cameras and keeps each one's image bound to its video panel while it is shown. */
function showCameras(
  scene: RobotScene,
  rig: Rig,
  episode: Episode,
  videos: VideoElements,
  offs: (() => void)[],
): void {
  const streams = new Map(episode.streamDetails.filter((s) => s.kind === 'video').map((s) => [s.name, s]));
  const mounted = Object.entries(rig.cameras).filter(([name]) => streams.has(name));
  scene.setCameras(
    mounted.map(([name, m]) => {
      const v = streams.get(name)!.video;
      return { name, ...m, aspect: v && v.height > 0 ? v.width / v.height : 4 / 3 };
    }),
  );
  const bind = () => {
    for (const [name] of mounted) {
      const camera = videos.camera(name);
      scene.setCameraVideo(name, camera?.video ?? null, camera?.still ?? null);
    }
    const canvas = scene.canvasElement;
    canvas.dataset.cameras = String(mounted.length);
    canvas.dataset.cameraImages = String(mounted.filter(([name]) => videos.get(name)).length);
  };
  offs.push(videos.onDidChange(bind));
  bind();
}

/** Draws the rig's objects; the returned function places them at a time from their streams' rows. */
function showObjects(
  scene: RobotScene,
  rig: Rig,
  sources: ReadonlyMap<string, SeriesSource>,
): (timeNs: number) => void {
  scene.setObjects(rig.objects);
  const placed = rig.objects.flatMap((o) => {
    const source = sources.get(o.stream);
    if (!source) return [];
    const col = (name: string | null) => (name === null ? -1 : source.columns.indexOf(name));
    const [x, y, z, yaw] = [col(o.x), col(o.y), col(o.z), col(o.yaw)];
    if (x < 0 || y < 0) return [];
    return [{ name: o.name, source, x, y, z, yaw }];
  });
  return (timeNs) => {
    for (const p of placed) {
      const row = p.source.rowAt(timeNs);
      if (!row) continue;
      const v = row.values;
      scene.placeObject(p.name, v[p.x]!, v[p.y]!, p.z < 0 ? null : v[p.z]!, p.yaw < 0 ? null : v[p.yaw]!);
    }
  };
}
