import { useRef, useState } from 'react';
import type { Dataset } from '../../../src/common/api';
import { Modal } from '../../components/Modal';
import { useCallMutation } from '../../data';

/** Import by picking files, or by naming files and folders on the machine that runs the studio. */
export function ImportDialog(props: {
  datasets: Dataset[];
  defaultDataset: string;
  onClose(): void;
  onFiles(files: File[], dataset: string): void;
  onStarted(message: string): void;
}) {
  const [dataset, setDataset] = useState(props.defaultDataset);
  const [paths, setPaths] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const start = useCallMutation('importPaths', {
    inline: true,
    onSuccess: (_job, input) => {
      props.onStarted(`Importing ${input.paths.length} path(s) into "${input.dataset}"`);
      props.onClose();
    },
  });

  const importPaths = () => {
    const list = paths
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    setProblem(list.length === 0 ? 'Enter at least one file or folder path.' : null);
    if (list.length > 0) start.mutate({ paths: list, dataset: dataset.trim() || 'default' });
  };
  const error = problem ?? start.error?.message;

  return (
    <Modal label="Import recordings" onClose={props.onClose}>
      <p className="hint">
        Videos (mp4, mov, webm, mkv) with optional teleop logs: <code>ep1.mp4</code> + <code>ep1.csv</code>{' '}
        make one episode; <code>ep1.wrist.mp4</code> adds a camera. Logs need a <code>timestamp</code>{' '}
        (seconds) or <code>timestamp_ns</code> column. A LeRobot dataset is imported by choosing its folder
        (the one holding <code>meta/info.json</code>). A robomimic <code>.hdf5</code> file gives one episode
        per demo, at the control rate its <code>env_args</code> name. MCAP files and ROS bags give one episode
        each.
      </p>
      <label>
        Dataset
        <input
          list="dataset-names"
          value={dataset}
          onChange={(e) => setDataset(e.target.value)}
          data-testid="import-dataset"
        />
        <datalist id="dataset-names">
          {props.datasets.map((d) => (
            <option key={d.id} value={d.name} />
          ))}
        </datalist>
      </label>
      <div className="import-choice">
        <button className="primary" onClick={() => fileRef.current?.click()}>
          Choose files…
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          accept=".mp4,.mov,.m4v,.webm,.mkv,.csv,.jsonl,.mcap,.bag,.hdf5,.h5"
          data-testid="import-file-input"
          onChange={(e) => props.onFiles([...(e.target.files ?? [])], dataset.trim() || 'default')}
        />
        <button onClick={() => folderRef.current?.click()} data-testid="import-folder-button">
          Choose folder…
        </button>
        <input
          ref={folderRef}
          type="file"
          hidden
          // @ts-expect-error: webkitdirectory is not in React's input attributes
          webkitdirectory=""
          data-testid="import-folder-input"
          onChange={(e) => props.onFiles([...(e.target.files ?? [])], dataset.trim() || 'default')}
        />
        <span className="hint">or drop files and folders anywhere on the window</span>
      </div>
      <label>
        Paths on the machine running the studio (one per line; folders import every recording inside)
        <textarea
          rows={3}
          value={paths}
          onChange={(e) => setPaths(e.target.value)}
          data-testid="import-paths"
        />
      </label>
      {error && <p className="error-text">{error}</p>}
      <div className="modal-actions">
        <button onClick={props.onClose}>Cancel</button>
        <button
          className="primary"
          onClick={importPaths}
          disabled={start.isPending}
          data-testid="import-paths-submit"
        >
          Import paths
        </button>
      </div>
    </Modal>
  );
}
