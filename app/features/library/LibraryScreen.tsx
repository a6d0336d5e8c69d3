import { useEffect, useMemo, useRef, useState } from 'react';
import type { EpisodeQuery, EpisodeSummary, WorkspaceInfo } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useCall } from '../../data';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import { useEpisodePages } from '../../state/useEpisodePages';
import { DatasetSidebar } from './DatasetSidebar';
import { EpisodeDetails } from './EpisodeDetails';
import { EpisodeList } from './EpisodeList';
import { GenerateDialog } from './GenerateDialog';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { JobsBar } from './JobsBar';
import { DAGGER_HREF, openEpisode, qualityHref, TRAIN_HREF } from '../../router';
import { trimDatasetIdle } from './trimDataset';
import { useLibraryKeys } from './useLibraryKeys';
import { useMergeSelection } from './useMergeSelection';
import { droppedFiles } from './droppedFiles';
import { relativePath } from '../../client/relativePath';
import { Brand, CurrentUser } from '../../components/Brand';

export function LibraryScreen({ info }: { info: WorkspaceInfo }) {
  const client = useStudio();
  const datasets = useCall('listDatasets', {}).data ?? [];
  const tags = useCall('listTags', {}).data ?? [];
  const [datasetId, setDatasetId] = useState<string | undefined>();
  const [tag, setTag] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<NonNullable<EpisodeQuery['sort']>>('created');
  const [selected, setSelected] = useState<number | null>(null);
  const [marked, setMarked] = useState<EpisodeSummary[]>([]);
  const [importOpen, setImportOpen] = useState(false);
  const [generateOpen, setGenerateOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  const undo = useHistory().stack;
  const notices = useNotices();
  const searchRef = useRef<HTMLInputElement>(null);

  const query = useMemo(
    () => ({ datasetId, tag, search: search.trim() || undefined, sort }),
    [datasetId, tag, search, sort],
  );
  const pages = useEpisodePages(query);
  const selectedEpisode = selected === null ? undefined : pages.at(selected);

  // `selected` is the row the details show; `marked` every selected episode (Shift+click a range
  // from the anchor, Ctrl+click one more), for actions on several episodes such as Merge. Marked
  // episodes are kept by value: rows move when the library changes.
  const anchor = useRef<number | null>(null);
  const select = (index: number | null, how: { range?: boolean; toggle?: boolean } = {}) => {
    setSelected(index);
    const episode = index === null ? undefined : pages.at(index);
    if (index === null || !episode) return setMarked([]);
    if (how.range && anchor.current !== null) {
      const [a, b] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      const range = Array.from({ length: b - a + 1 }, (_, i) => pages.at(a + i));
      return setMarked(range.filter((e): e is EpisodeSummary => e !== undefined));
    }
    anchor.current = index;
    if (!how.toggle) return setMarked([episode]);
    setMarked((prev) =>
      prev.some((e) => e.id === episode.id) ? prev.filter((e) => e.id !== episode.id) : [...prev, episode],
    );
  };
  useEffect(() => {
    setSelected(null);
    setMarked([]);
  }, [query]);
  const merge = useMergeSelection(marked, () => select(null));

  const currentDataset = datasets.find((d) => d.id === datasetId)?.name ?? 'default';
  const selectedDataset = datasets.find((d) => d.id === datasetId);
  const triageDataset = selectedDataset?.name ?? datasets[0]?.name ?? currentDataset;
  const trimIdle = async (dataset: { id: string; name: string }) => {
    try {
      const done = await trimDatasetIdle(client, dataset, (m) => window.confirm(m));
      if (!done) return notices.info(`Nothing to trim in "${dataset.name}"`);
      undo.push(done.edit);
      notices.info(`Trimmed ${done.count} episode(s); Ctrl+Z undoes`);
    } catch (e) {
      notices.error(e, `trim idle in "${dataset.name}"`);
    }
  };
  const importFiles = async (files: File[], dataset = currentDataset) => {
    if (files.length === 0) return;
    try {
      await client.importFiles(files, dataset);
      // A picked or dropped folder is named as such: its files are imported as the folder.
      const folders = [...new Set(files.map((f) => relativePath(f).split('/')[0]).filter(Boolean))];
      const what =
        folders.length > 0
          ? `folder ${folders.join(', ')} (${files.length} files)`
          : `${files.length} file(s)`;
      notices.info(`Importing ${what} into "${dataset}"`);
    } catch (e) {
      notices.error(e, 'import');
    }
  };

  const runUndo = async (redo: boolean) => {
    try {
      const label = redo ? await undo.redo() : await undo.undo();
      if (label) {
        notices.info(`${redo ? 'Redid' : 'Undid'}: ${label}`);
        setMarked((m) => (m.length > 1 ? [] : m));
      }
    } catch (e) {
      notices.error(e, redo ? 'redo' : 'undo');
    }
  };

  useLibraryKeys({
    focusSearch: () => searchRef.current?.focus(),
    openImport: () => setImportOpen(true),
    move: (delta) => {
      const total = pages.total ?? 0;
      select(total === 0 ? null : Math.max(0, Math.min(total - 1, (selected ?? -1) + delta)));
    },
    merge: () => void merge.run(),
    undo: () => void runUndo(false),
    redo: () => void runUndo(true),
    escape: () => {
      setImportOpen(false);
      setGenerateOpen(false);
      setExportOpen(false);
      setMarked((m) => (m.length > 1 ? [] : m));
    },
    open: () => selectedEpisode && openEpisode(selectedEpisode.id),
  });

  return (
    <div
      className="library"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        droppedFiles(e.dataTransfer).then(importFiles, (err: unknown) =>
          notices.error(err, 'read the dropped folder'),
        );
      }}
    >
      <header className="topbar">
        <Brand info={info} />
        <input
          ref={searchRef}
          className="search"
          type="search"
          placeholder="Search episodes  ( / )"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="search"
        />
        <select value={sort} onChange={(e) => setSort(e.target.value as typeof sort)} aria-label="Sort">
          <option value="created">Newest first</option>
          <option value="name">Name</option>
          <option value="duration">Longest first</option>
        </select>
        <button
          className="primary"
          onClick={() => setImportOpen(true)}
          data-testid="import-button"
          title="Import (Ctrl+I)"
        >
          Import…
        </button>
        <button onClick={() => setGenerateOpen(true)} data-testid="generate-button">
          Generate…
        </button>
        <a
          className="button"
          href={qualityHref(triageDataset)}
          data-testid="triage-button"
          title={`Triage the episodes of “${triageDataset}” by their quality`}
        >
          Triage
        </a>
        <a className="button" href={TRAIN_HREF} data-testid="train-tab">
          Train
        </a>
        <a className="button" href={DAGGER_HREF} data-testid="dagger-tab">
          DAgger
        </a>
        <CurrentUser />
      </header>
      {info.tools.problem && (
        <div className="banner warning" data-testid="tools-warning">
          {info.tools.problem}
        </div>
      )}
      <div className="body">
        <DatasetSidebar
          datasets={datasets}
          tags={tags}
          datasetId={datasetId}
          tag={tag}
          onDataset={setDatasetId}
          onTag={setTag}
        />
        <main className="main">
          <div className="list-header">
            <span data-testid="episode-count">
              {pages.total === null
                ? 'Loading…'
                : `${pages.total.toLocaleString()} episode${pages.total === 1 ? '' : 's'}`}
            </span>
            {pages.error && <span className="error-text">{pages.error}</span>}
            {merge.ready && (
              <button
                className="primary"
                onClick={() => void merge.run()}
                data-testid="merge-episodes"
                title="Join the selected parts into one episode (M); Ctrl+Z undoes"
              >
                Merge {marked.length} parts
              </button>
            )}
            {marked.length > 1 && !merge.ready && (
              <span className="muted" data-testid="selection-count" title={merge.problem ?? ''}>
                {marked.length} selected
              </span>
            )}
            {selectedDataset && (
              <button
                className="link-button"
                onClick={() => void trimIdle(selectedDataset)}
                title="Trim the idle start and end of every episode in this dataset (undo with Ctrl+Z)"
                data-testid="trim-dataset"
              >
                Trim idle in “{selectedDataset.name}”
              </button>
            )}
            {selectedDataset && (
              <button
                className="link-button"
                onClick={() => setExportOpen(true)}
                title="Write this dataset's episodes as LeRobot v3.0 or robomimic"
                data-testid="export-dataset"
              >
                Export “{selectedDataset.name}”…
              </button>
            )}
          </div>
          <EpisodeList
            pages={pages}
            selected={selected}
            marked={new Set(marked.map((e) => e.id))}
            onSelect={select}
            onOpenImport={() => setImportOpen(true)}
          />
        </main>
        <EpisodeDetails summary={selectedEpisode} undo={undo} />
      </div>
      <JobsBar />
      {importOpen && (
        <ImportDialog
          datasets={datasets}
          defaultDataset={currentDataset}
          onClose={() => setImportOpen(false)}
          onFiles={(files, dataset) => {
            setImportOpen(false);
            void importFiles(files, dataset);
          }}
          onStarted={(m) => notices.info(m)}
        />
      )}
      {exportOpen && selectedDataset && (
        <ExportDialog
          dataset={selectedDataset}
          onClose={() => setExportOpen(false)}
          onStarted={(m) => notices.info(m)}
        />
      )}
      {generateOpen && (
        <GenerateDialog onClose={() => setGenerateOpen(false)} onStarted={(m) => notices.info(m)} />
      )}
      {dragging && <div className="drop-overlay">Drop videos and teleop logs to import</div>}
    </div>
  );
}
