import type { Episode, SceneObject } from '../../../src/common/api';

const SHAPES: SceneObject['shape'][] = ['box', 'cylinder', 'sphere'];

/** The task's objects drawn in 3D, each placed from columns of a series stream. */
export function SceneObjects(props: {
  episode: Episode;
  value: SceneObject[];
  onChange(next: SceneObject[]): void;
}) {
  const { episode, value, onChange } = props;
  const series = episode.streamDetails.filter((s) => s.kind === 'series');
  const set = (i: number, patch: Partial<SceneObject>) =>
    onChange(value.map((o, k) => (k === i ? { ...o, ...patch } : o)));
  const add = () => {
    const s = series[0];
    if (!s) return;
    const [x = '', y = ''] = s.columns;
    onChange([
      ...value,
      {
        name: `object ${value.length + 1}`,
        stream: s.name,
        x,
        y,
        z: null,
        yaw: null,
        shape: 'box',
        size: [0.04, 0.04, 0.04],
        color: '#d22828',
      },
    ]);
  };
  const columnSelect = (o: SceneObject, i: number, key: 'x' | 'y' | 'z' | 'yaw', optional: boolean) => (
    <select value={o[key] ?? ''} onChange={(e) => set(i, { [key]: e.target.value || null })} title={key}>
      {optional && <option value="">—</option>}
      {(series.find((s) => s.name === o.stream)?.columns ?? []).map((c) => (
        <option key={c}>{c}</option>
      ))}
    </select>
  );

  return (
    <div className="rig-objects" data-testid="rig-objects">
      <h3>Objects</h3>
      <p className="hint">
        Things of the task drawn in 3D, placed at each moment from a stream’s columns (metres in the robot’s
        base frame; yaw in radians).
      </p>
      {value.length > 0 && (
        <div className="rig-object rig-camera-captions" aria-hidden>
          {['name', 'stream', 'x', 'y', 'z', 'yaw', 'shape', 'size (m)', 'colour', ''].map((t, i) => (
            <span key={i}>{t}</span>
          ))}
        </div>
      )}
      {value.map((o, i) => (
        <div className="rig-object" key={i} data-object={o.name}>
          <input value={o.name} onChange={(e) => set(i, { name: e.target.value })} title="Name" />
          <select value={o.stream} onChange={(e) => set(i, { stream: e.target.value })} title="Stream">
            {series.map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
          </select>
          {columnSelect(o, i, 'x', false)}
          {columnSelect(o, i, 'y', false)}
          {columnSelect(o, i, 'z', true)}
          {columnSelect(o, i, 'yaw', true)}
          <select
            value={o.shape}
            onChange={(e) => set(i, { shape: e.target.value as SceneObject['shape'] })}
            title="Shape"
          >
            {SHAPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <input
            type="number"
            step={0.005}
            min={0.001}
            value={o.size[0]}
            title="Size: edge or diameter (m); the height follows for a box"
            onChange={(e) => {
              const v = Math.max(0.001, Number(e.target.value) || o.size[0]);
              set(i, { size: o.shape === 'cylinder' ? [v, v, o.size[2]] : [v, v, v] });
            }}
          />
          <input
            type="color"
            value={o.color}
            onChange={(e) => set(i, { color: e.target.value })}
            title="Colour"
          />
          <button onClick={() => onChange(value.filter((_, k) => k !== i))} aria-label={`Remove ${o.name}`}>
            ×
          </button>
        </div>
      ))}
      <div>
        <button onClick={add} disabled={series.length === 0} data-testid="rig-add-object">
          Add object
        </button>
      </div>
    </div>
  );
}
