import { useState } from 'react';
import type { Robot } from '../../../src/common/api';
import { logFailure } from '../../state/notices';
import { useStudio } from '../../state/studioContext';

const MESH = /\.(stl|dae|obj|png|jpe?g)$/i;

/** Picks a URDF and its mesh folder and adds them to the workspace as a robot. */
export function AddRobot(props: { onAdded(robot: Robot): void }) {
  const client = useStudio();
  const [urdf, setUrdf] = useState<File | null>(null);
  const [folder, setFolder] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const meshes = folder.filter((f) => MESH.test(f.name));
  // A robot folder may hold the URDF itself.
  const found = folder.filter((f) => /\.urdf$/i.test(f.name));
  const chosen = urdf ?? found[0] ?? null;

  const add = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      props.onAdded(await client.addRobotFiles(chosen, meshes));
    } catch (e) {
      setError(logFailure(e, `add the robot ${chosen.name}`));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="rig-add-panel" data-testid="rig-add-panel">
      <div className="form-row">
        <label>
          URDF file
          <input
            type="file"
            accept=".urdf,.xml"
            onChange={(e) => setUrdf(e.target.files?.[0] ?? null)}
            data-testid="rig-urdf-file"
          />
        </label>
        <label>
          Mesh folder (STL, DAE, OBJ)
          <input
            type="file"
            // @ts-expect-error: webkitdirectory is not in React's input attributes
            webkitdirectory=""
            onChange={(e) => setFolder(Array.from(e.target.files ?? []))}
            data-testid="rig-mesh-folder"
          />
        </label>
      </div>
      <p className="hint">
        {chosen ? `${chosen.name}` : 'No URDF chosen'}
        {folder.length > 0 && ` · ${meshes.length} mesh file${meshes.length === 1 ? '' : 's'} in the folder`}.
        Mesh references (<code>package://…</code> or relative paths) are matched to the folder’s files by
        their path.
      </p>
      {error && (
        <p className="error-text" data-testid="rig-add-error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button
          className="primary"
          onClick={() => void add()}
          disabled={!chosen || busy}
          data-testid="rig-add"
        >
          {busy ? 'Adding…' : 'Add robot'}
        </button>
      </div>
    </div>
  );
}
