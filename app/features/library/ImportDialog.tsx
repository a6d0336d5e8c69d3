import { useRef, useState } from 'react';
import type { Dataset, RecordingInfo, RobomimicInfo } from '../../../src/common/api';
import { relativePath } from '../../client/relativePath';
import { Modal, ModalActions } from '../../components/Modal';
import { useCallMutation } from '../../data';
import { useStudio } from '../../state/studioContext';
import {
  defaultRate,
  defaultTopics,
  importChoice,
  isRecording,
  isRobomimic,
  needsOptions,
} from './importChoice';
import { ControlRate, RecordingTopics } from './ImportOptions';
import './importExport.css';

/** Files picked alone that need options first: staged, with what their inspection found. */
interface Picked {
  paths: string[];
  recordings: RecordingInfo[];
  robomimic: RobomimicInfo[];
}

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
  const [picked, setPicked] = useState<Picked | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [chosen, setChosen] = useState<Map<string, Set<string>>>(new Map());
  const [rate, setRate] = useState('');
  const client = useStudio();
  const fileRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const start = useCallMutation('importPaths', {
    inline: true,
    onSuccess: (_job, input) => {
      props.onStarted(`Importing ${input.paths.length} path(s) into "${input.dataset}"`);
      props.onClose();
    },
  });
  const startPart = useCallMutation('importPaths', { inline: true });
  const datasetName = () => dataset.trim() || 'default';

  /** Recordings and robomimic files are staged and inspected first, so topics and a rate can be chosen. */
  const onPicked = async (files: File[]) => {
    const names = files.map((f) => f.name);
    if (
      !needsOptions(
        names,
        files.some((f) => relativePath(f)),
      )
    ) {
      props.onFiles(files, datasetName());
      return;
    }
    setPreparing(true);
    setProblem(null);
    try {
      const paths = await client.stageFiles(files);
      const recordings = await Promise.all(
        paths.filter(isRecording).map((path) => client.call('inspectRecording', { path })),
      );
      const robomimic = await Promise.all(
        paths.filter(isRobomimic).map((path) => client.call('inspectRobomimic', { path })),
      );
      setPicked({ paths, recordings, robomimic });
      setChosen(defaultTopics(recordings));
      setRate(defaultRate(robomimic));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setPreparing(false);
    }
  };

  const toggle = (path: string, topic: string, on: boolean) => {
    setProblem(null);
    setChosen((m) => {
      const next = new Map(m);
      const set = new Set(next.get(path));
      if (on) set.add(topic);
      else set.delete(topic);
      return next.set(path, set);
    });
  };

  const importPicked = async () => {
    if (!picked) return;
    const choice = importChoice(picked.paths, picked.recordings, chosen, picked.robomimic, rate);
    if ('problem' in choice) {
      setProblem(choice.problem);
      return;
    }
    setProblem(null);
    try {
      for (const part of choice.parts) await startPart.mutateAsync({ ...part, dataset: datasetName() });
      props.onStarted(`Importing ${picked.paths.length} file(s) into "${datasetName()}"`);
      props.onClose();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const importPaths = () => {
    const list = paths
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    setProblem(list.length === 0 ? 'Enter at least one file or folder path.' : null);
    if (list.length > 0) start.mutate({ paths: list, dataset: datasetName() });
  };
  const error = problem ?? start.error?.message;

  if (picked) {
    return (
      <Modal label="Import recordings" className="wide" onClose={props.onClose}>
        <p className="hint">
          {picked.paths.length} file(s) into “{datasetName()}”.
          {picked.recordings.length > 0 &&
            ' Choose the topics to import: images become video streams, numeric messages series.'}
        </p>
        <div className="import-options">
          {picked.recordings.map((info) => (
            <RecordingTopics
              key={info.path}
              info={info}
              chosen={chosen.get(info.path) ?? new Set()}
              onToggle={(topic, on) => toggle(info.path, topic, on)}
            />
          ))}
          {picked.robomimic.length > 0 && (
            <ControlRate
              files={picked.robomimic}
              value={rate}
              onChange={(value) => {
                setProblem(null);
                setRate(value);
              }}
            />
          )}
        </div>
        {error && <p className="error-text">{error}</p>}
        <ModalActions
          cancel="Back"
          onCancel={() => setPicked(null)}
          submit="Import"
          onSubmit={() => void importPicked()}
          pending={startPart.isPending}
          testId="import-picked-submit"
        />
      </Modal>
    );
  }

  return (
    <Modal label="Import recordings" onClose={props.onClose}>
      <p className="hint">
        Videos (mp4, mov, webm, mkv) with optional teleop logs: <code>ep1.mp4</code> + <code>ep1.csv</code>{' '}
        make one episode; <code>ep1.wrist.mp4</code> adds a camera. Logs need a <code>timestamp</code>{' '}
        (seconds) or <code>timestamp_ns</code> column. A LeRobot dataset is imported by choosing its folder
        (the one holding <code>meta/info.json</code>). A robomimic <code>.hdf5</code> file gives one episode
        per demo, at the control rate its <code>env_args</code> name (asked when it names none). MCAP files
        and ROS bags give one episode each, with the topics you choose.
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
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            // Cleared, so picking the same file again (after Back) is a change too.
            e.target.value = '';
            void onPicked(files);
          }}
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
          onChange={(e) => props.onFiles([...(e.target.files ?? [])], datasetName())}
        />
        <span className="hint">
          {preparing ? 'Reading the files…' : 'or drop files and folders anywhere on the window'}
        </span>
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
