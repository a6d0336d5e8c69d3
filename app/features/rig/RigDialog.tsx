import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  AngleUnit,
  CameraMount,
  Episode,
  Rig,
  RigSettings,
  Robot,
  SceneObject,
} from '../../../src/common/api';
import { mapColumnsToJoints, pickJointStream } from '../../../src/common/robot/jointMapping';
import { useCall } from '../../data';
import { logFailure } from '../../state/notices';
import { useStudio } from '../../state/studioContext';
import { CameraMounts } from './CameraMounts';
import { SceneObjects } from './SceneObjects';
import { AddRobot } from './AddRobot';
import './rig.css';
import { Modal } from '../../components/Modal';

/**
 * A dataset's rig: which robot recorded it (the built-in SO-101 or a URDF the user adds with its
 * meshes), which columns of which series drive each joint, the end-effector link, and where its
 * cameras sit. Columns are chosen from this episode's streams and saved by name for the dataset.
 */
export function RigDialog(props: { episode: Episode; rig: Rig; onClose(): void; onSaved(rig: Rig): void }) {
  const { episode, rig } = props;
  const client = useStudio();
  const listed = useCall('listRobots', {}, { inline: true });
  // A robot added here is offered at once, before the list is read again.
  const [added, setAdded] = useState<Robot[]>([]);
  const robots = [...(listed.data ?? [rig.robot]).filter((r) => !added.some((a) => a.id === r.id)), ...added];
  const [robotId, setRobotId] = useState(rig.robot.id);
  const series = episode.streamDetails.filter((s) => s.kind === 'series');
  const [streamName, setStreamName] = useState(rig.jointStream ?? series[0]?.name ?? '');
  const [columns, setColumns] = useState<Record<string, string>>(rig.jointColumns);
  const [unit, setUnit] = useState<AngleUnit>(rig.angleUnit);
  const [endEffector, setEndEffector] = useState(rig.endEffector);
  const [cameras, setCameras] = useState<Record<string, CameraMount>>(rig.cameras);
  const [objects, setObjects] = useState<SceneObject[]>(rig.objects);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef(true);

  const robot = robots.find((r) => r.id === robotId) ?? rig.robot;
  const stream = series.find((s) => s.name === streamName);

  // Picking another robot or stream proposes columns by joint name; the rig as opened stays as it was.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const names = robot.joints.map((j) => j.name);
    const source = stream ?? pickJointStream(series, names)?.stream;
    const mapping = source ? mapColumnsToJoints(source.columns, names) : {};
    setColumns(Object.fromEntries(Object.entries(mapping).map(([j, i]) => [j, source!.columns[i]!])));
    if (!robot.links.includes(endEffector)) setEndEffector(robot.endEffector);
  }, [robotId, streamName]);

  const mapped = useMemo(() => Object.values(columns).filter(Boolean).length, [columns]);

  const save = async (settings: RigSettings | null) => {
    setBusy(true);
    setError(null);
    try {
      props.onSaved(await client.call('setRig', { episodeId: episode.id, rig: settings }));
    } catch (e) {
      setError(logFailure(e, 'save the rig'));
    } finally {
      setBusy(false);
    }
  };

  const settings = (): RigSettings => ({
    robotId,
    jointStream: streamName || null,
    jointColumns: Object.fromEntries(Object.entries(columns).filter(([, c]) => c)),
    angleUnit: unit,
    endEffector,
    cameras,
    objects,
  });

  return (
    <Modal
      label="Robot, cameras and objects"
      heading={<>Robot, cameras and objects of “{episode.dataset}”</>}
      className="wide rig-dialog"
      testId="rig-dialog"
      onClose={props.onClose}
    >
      <div className="form-row">
        <label>
          Robot
          <select value={robotId} onChange={(e) => setRobotId(e.target.value)} data-testid="rig-robot">
            {robots.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {r.builtin ? ' (built in)' : ''} · {r.joints.length} joints
              </option>
            ))}
          </select>
        </label>
        <div className="rig-add">
          <button onClick={() => setAdding((a) => !a)} data-testid="rig-add-toggle">
            Add URDF…
          </button>
        </div>
      </div>
      {adding && (
        <AddRobot
          onAdded={(r) => {
            setAdded((list) => [...list.filter((x) => x.id !== r.id), r]);
            setRobotId(r.id);
            setAdding(false);
          }}
        />
      )}
      <div className="form-row">
        <label>
          Joint states
          <select value={streamName} onChange={(e) => setStreamName(e.target.value)} data-testid="rig-stream">
            {series.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({s.columns.length} columns)
              </option>
            ))}
          </select>
        </label>
        <label>
          Angles
          <select value={unit} onChange={(e) => setUnit(e.target.value as AngleUnit)} data-testid="rig-unit">
            <option value="auto">detect (degrees if beyond a turn)</option>
            <option value="rad">radians</option>
            <option value="deg">degrees</option>
          </select>
        </label>
        <label>
          End effector
          <select value={endEffector} onChange={(e) => setEndEffector(e.target.value)} data-testid="rig-ee">
            {robot.links.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
      </div>
      <table className="rig-joints" data-testid="rig-joints">
        <thead>
          <tr>
            <th>Joint</th>
            <th>Type</th>
            <th>Column of {streamName || '—'}</th>
          </tr>
        </thead>
        <tbody>
          {robot.joints.map((j) => (
            <tr key={j.name}>
              <td>{j.name}</td>
              <td className="muted">{j.type}</td>
              <td>
                <select
                  value={columns[j.name] ?? ''}
                  onChange={(e) => setColumns((c) => ({ ...c, [j.name]: e.target.value }))}
                  data-joint={j.name}
                >
                  <option value="">— not recorded —</option>
                  {(stream?.columns ?? []).map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CameraMounts episode={episode} links={robot.links} value={cameras} onChange={setCameras} />
      <SceneObjects episode={episode} value={objects} onChange={setObjects} />
      {(error ?? listed.error) && (
        <p className="error-text" data-testid="rig-error">
          {error ?? `Cannot list the robots: ${listed.error?.message}`}
        </p>
      )}
      <div className="modal-actions">
        <span className="muted rig-summary">
          {mapped} of {robot.joints.length} joints mapped
        </span>
        {rig.saved && (
          <button
            onClick={() => void save(null)}
            disabled={busy}
            title="Use the SO-101 with columns matched by name"
          >
            Reset to defaults
          </button>
        )}
        <button onClick={props.onClose}>Cancel</button>
        <button
          className="primary"
          onClick={() => void save(settings())}
          disabled={busy}
          data-testid="rig-save"
        >
          Save
        </button>
      </div>
    </Modal>
  );
}
