import { useState } from 'react';
import type { Dataset, ExportDatasetRequest } from '../../../src/common/api';
import { Modal, ModalActions } from '../../components/Modal';
import { useCallMutation } from '../../data';
import './importExport.css';

const FORMATS: Record<NonNullable<ExportDatasetRequest['format']>, { label: string; out: string }> = {
  'lerobot-v3': { label: 'LeRobot v3.0 (a new or empty folder)', out: 'Folder to write' },
  robomimic: { label: 'robomimic HDF5 (a new .hdf5 file)', out: 'File to write (.hdf5)' },
};

/** How data at other rates is aligned in an export: said once, where the export is started. */
export const RESAMPLING_RULE =
  'One row per sample of observation.state (else the first series): every other series and camera gives its nearest earlier sample or frame (cameras repeat or drop whole frames); nothing is interpolated.';

/** Exports a dataset's episodes (trims applied) as a job, to a path on the machine running the studio. */
export function ExportDialog(props: { dataset: Dataset; onClose(): void; onStarted(message: string): void }) {
  const [format, setFormat] = useState<NonNullable<ExportDatasetRequest['format']>>('lerobot-v3');
  const [out, setOut] = useState('');
  const [includeTag, setIncludeTag] = useState('');
  const [keepAll, setKeepAll] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const start = useCallMutation('exportDataset', {
    inline: true,
    onSuccess: (_job, input) => {
      props.onStarted(`Exporting "${input.dataset}" to ${input.out}`);
      props.onClose();
    },
  });
  const submit = () => {
    if (!out.trim()) {
      setProblem('Enter where to write the export.');
      return;
    }
    setProblem(null);
    start.mutate({
      dataset: props.dataset.name,
      format,
      out: out.trim(),
      ...(includeTag.trim() ? { includeTag: includeTag.trim() } : {}),
      excludeTags: keepAll ? [] : ['rejected', 'flagged'],
    });
  };
  const error = problem ?? start.error?.message;

  return (
    <Modal label={`Export “${props.dataset.name}”`} onClose={props.onClose} testId="export-dialog">
      <label>
        Format
        <select
          value={format}
          onChange={(e) => setFormat(e.target.value as typeof format)}
          data-testid="export-format"
        >
          {Object.entries(FORMATS).map(([value, f]) => (
            <option key={value} value={value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {FORMATS[format].out}, on the machine running the studio
        <input value={out} onChange={(e) => setOut(e.target.value)} data-testid="export-out" />
      </label>
      <div className="form-row">
        <label>
          Only episodes tagged
          <input value={includeTag} placeholder="(all)" onChange={(e) => setIncludeTag(e.target.value)} />
        </label>
      </div>
      <label className="inline-check">
        <input type="checkbox" checked={keepAll} onChange={(e) => setKeepAll(e.target.checked)} />
        Include episodes tagged rejected or flagged
      </label>
      <p className="hint" data-testid="export-resampling">
        {RESAMPLING_RULE}
      </p>
      {error && <p className="error-text">{error}</p>}
      <ModalActions
        cancel="Cancel"
        onCancel={props.onClose}
        submit="Export"
        onSubmit={submit}
        pending={start.isPending}
        testId="export-submit"
      />
    </Modal>
  );
}
