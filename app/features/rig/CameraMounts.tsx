import type { CameraMount, Episode } from '../../../src/common/api';
import { lookAtRpy } from '../../../src/common/robot/lookAt';

const DEG = 180 / Math.PI;

/** A new mount: above and to the side of the base, looking at the workspace in front of it. */
const defaultMount = (parent: string): CameraMount => ({
  parent,
  xyz: [0.55, 0.3, 0.45],
  rpy: lookAtRpy([0.55, 0.3, 0.45], [0.15, 0, 0.05]),
  fovYDeg: 60,
  orthoHeightM: null,
  depthM: 0.12,
});

/** Where each camera stream of the episode sits, relative to a robot link. */
export function CameraMounts(props: {
  episode: Episode;
  links: readonly string[];
  value: Record<string, CameraMount>;
  onChange(next: Record<string, CameraMount>): void;
}) {
  const { episode, links, value, onChange } = props;
  const cameras = episode.streamDetails.filter((s) => s.kind === 'video');
  if (cameras.length === 0) return null;
  const set = (name: string, mount: CameraMount | null) => {
    const next = { ...value };
    if (mount) next[name] = mount;
    else delete next[name];
    onChange(next);
  };
  const num = (v: string, fallback: number) =>
    Number.isFinite(Number(v)) && v.trim() !== '' ? Number(v) : fallback;

  return (
    <div className="rig-cameras" data-testid="rig-cameras">
      <h3>Cameras</h3>
      <p className="hint">
        Optical frame: z forward, x right, y down. Position in metres and roll/pitch/yaw in degrees, relative
        to the link.
      </p>
      {cameras.map((c) => {
        const m = value[c.name];
        return (
          <div className="rig-camera" key={c.name} data-camera={c.name}>
            <label className="inline">
              <input
                type="checkbox"
                checked={!!m}
                onChange={(e) => set(c.name, e.target.checked ? defaultMount(links[0] ?? 'base_link') : null)}
              />
              {c.name}
            </label>
            {m && (
              <div className="rig-camera-fields rig-camera-captions" aria-hidden>
                {['link', 'x (m)', 'y (m)', 'z (m)', 'roll (°)', 'pitch (°)', 'yaw (°)'].map((t) => (
                  <span key={t}>{t}</span>
                ))}
                <span>{m.fovYDeg !== null ? 'FOV (°)' : 'height (m)'}</span>
              </div>
            )}
            {m && (
              <div className="rig-camera-fields">
                <select
                  value={m.parent}
                  onChange={(e) => set(c.name, { ...m, parent: e.target.value })}
                  title="Parent link"
                >
                  {links.map((l) => (
                    <option key={l}>{l}</option>
                  ))}
                </select>
                {(['x', 'y', 'z'] as const).map((axis, i) => (
                  <input
                    key={axis}
                    type="number"
                    step={0.01}
                    title={`${axis} (m)`}
                    value={Math.round(m.xyz[i]! * 1000) / 1000}
                    onChange={(e) => {
                      const xyz = [...m.xyz] as CameraMount['xyz'];
                      xyz[i] = num(e.target.value, xyz[i]!);
                      set(c.name, { ...m, xyz });
                    }}
                  />
                ))}
                {(['roll', 'pitch', 'yaw'] as const).map((axis, i) => (
                  <input
                    key={axis}
                    type="number"
                    step={1}
                    title={`${axis} (°)`}
                    value={Math.round(m.rpy[i]! * DEG * 10) / 10}
                    onChange={(e) => {
                      const rpy = [...m.rpy] as CameraMount['rpy'];
                      rpy[i] = num(e.target.value, rpy[i]! * DEG) / DEG;
                      set(c.name, { ...m, rpy });
                    }}
                  />
                ))}
                {m.fovYDeg !== null ? (
                  <input
                    type="number"
                    min={2}
                    max={178}
                    title="Vertical field of view (°)"
                    value={m.fovYDeg}
                    onChange={(e) =>
                      set(c.name, { ...m, fovYDeg: Math.min(178, Math.max(2, num(e.target.value, 60))) })
                    }
                  />
                ) : (
                  <input
                    type="number"
                    step={0.01}
                    min={0.01}
                    title="Orthographic image height (m)"
                    value={m.orthoHeightM ?? 0.5}
                    onChange={(e) =>
                      set(c.name, { ...m, orthoHeightM: Math.max(0.01, num(e.target.value, 0.5)) })
                    }
                  />
                )}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
