import { useEffect, useMemo, useRef, useState } from 'react';
import {
  QUALITY_SIGNALS,
  type EpisodeQuality,
  type QualityDecision,
  type WorkspaceInfo,
} from '../../../src/common/api';
import { CurrentUser } from '../../components/Brand';
import { useNotices } from '../../components/Toast';
import { useCall, useCallMutation } from '../../data';
import { LIBRARY_HREF } from '../../router';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import { decide } from './decisionEdit';
import { DecisionBar } from './DecisionBar';
import { groupFlags, groupView, type FlagGroup } from './flagGroups';
import { QualityJobBar } from './QualityJobBar';
import { QualitySettingsPanel } from './QualitySettingsPanel';
import { SignalHistogram } from './SignalHistogram';
import { SpanViewer, stepView, type SpanView } from './SpanViewer';
import { TriageList } from './TriageList';
import { TriageModel } from './triageModel';
import { useTriage } from './useTriage';
import { useTriageKeys } from './useTriageKeys';
import './triage.css';

/**
 * The triage screen of one dataset: episodes worst first with their reasons, histograms of every
 * signal that select by brushing, decisions on the selection (undoable), and flagged spans replayed.
 */
export function TriageScreen({ dataset, info }: { dataset: string; info: WorkspaceInfo }) {
  const client = useStudio();
  const notices = useNotices();
  const undo = useHistory().stack;
  const model = useMemo(() => new TriageModel(), [dataset]);
  useTriage(model, 'selection');
  const report = useCall('qualityReport', { dataset }, { inline: true });
  const sparks = useCall('qualitySparklines', { dataset, points: 48 });
  const jobs = useCall('listJobs', { limit: 20 }).data ?? [];
  const job = jobs.find((j) => j.kind === 'quality' && j.title === `Quality of ${dataset}`) ?? null;
  const start = useCallMutation('startQuality');
  const saveSettings = useCallMutation('setQualitySettings');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [note, setNote] = useState('');
  const [views, setViews] = useState<SpanView[] | null>(null);

  useEffect(() => {
    if (report.data) model.setReport(report.data);
  }, [model, report.data]);
  const sparklines = useMemo(
    () => new Map((sparks.data?.episodes ?? []).map((s) => [s.id, s])),
    [sparks.data],
  );
  // Episodes added since the sparklines were read (an import, a generate job) get theirs: once
  // per set of missing episodes, so an episode the call does not answer cannot loop.
  const missing = (report.data?.episodes ?? []).filter((e) => !sparklines.has(e.id)).map((e) => e.id);
  const missingKey = missing.join(',');
  const asked = useRef('');
  const { refetch, isFetching } = sparks;
  useEffect(() => {
    if (missingKey === '' || isFetching || asked.current === missingKey) return;
    asked.current = missingKey;
    void refetch();
  }, [missingKey, isFetching, refetch]);

  const runDecision = async (decision: QualityDecision) => {
    const ids = model.selectedRows.map((e) => e.id);
    if (ids.length === 0)
      return notices.info('Select episodes first (click, arrows, or drag across a histogram)');
    model.setPending(ids, true);
    try {
      const edit = await decide(client, ids, decision, note.trim());
      undo.push(edit);
      setNote('');
      notices.info(`${edit.label[0]!.toUpperCase()}${edit.label.slice(1)}; Ctrl+Z undoes`);
    } catch (e) {
      notices.error(e, `${decision} ${ids.length} episode(s)`);
    } finally {
      model.setPending(ids, false);
    }
  };
  const runUndo = async (redo: boolean) => {
    try {
      const label = redo ? await undo.redo() : await undo.undo();
      if (label) notices.info(`${redo ? 'Redid' : 'Undid'}: ${label}`);
    } catch (e) {
      notices.error(e, redo ? 'redo' : 'undo');
    }
  };
  const openFlag = (e: EpisodeQuality, group: FlagGroup) => {
    model.select(e.id);
    setViews([groupView(e.id, group)]);
  };
  /** An episode's first flag kind, stepping through its spans; the whole episode when unflagged. */
  const firstSpan = (e: EpisodeQuality): SpanView => {
    const group = groupFlags(e.flags)[0];
    return group ? groupView(e.id, group) : { episodeId: e.id, span: null, label: 'whole episode' };
  };
  const step = (delta: number) => setViews((v) => (v?.length === 1 ? [stepView(v[0]!, delta)] : v));
  const selected = model.selectedRows;

  useTriageKeys({
    move: (delta, extend) => model.move(delta, extend),
    decide: (d) => void runDecision(d),
    selectAll: () => model.selectAll(),
    undo: () => void runUndo(false),
    redo: () => void runUndo(true),
    open: () => {
      const row = model.rows.find((e) => e.id === model.cursor);
      if (row) setViews([firstSpan(row)]);
    },
    step,
    escape: () => (views ? setViews(null) : model.select(null)),
  });

  return (
    <div className="triage" data-testid="triage-screen">
      <header className="topbar">
        <a className="back" href={LIBRARY_HREF} data-testid="back-to-library">
          ← Library
        </a>
        <div className="brand">
          Triage <span className="workspace">{dataset}</span>
          <span className="workspace">{info.name}</span>
        </div>
        <QualityJobBar
          report={report.data ?? null}
          job={job}
          starting={start.isPending}
          onRun={() =>
            start.mutate({ dataset }, { onSuccess: () => notices.info(`Scoring the episodes of ${dataset}`) })
          }
        />
        <button
          disabled={selected.length !== 2}
          onClick={() => setViews(selected.map(firstSpan))}
          data-testid="compare"
          title="Select two episodes to replay them side by side on one clock"
        >
          Compare 2
        </button>
        <button
          className={settingsOpen ? 'on' : ''}
          onClick={() => setSettingsOpen((o) => !o)}
          data-testid="quality-settings-button"
        >
          Weights…
        </button>
        <CurrentUser />
      </header>
      {report.error && (
        <div className="banner warning" data-testid="triage-error">
          Cannot read the quality of “{dataset}”: {report.error.message}
        </div>
      )}
      {settingsOpen && report.data && (
        <QualitySettingsPanel
          settings={report.data.settings}
          saving={saveSettings.isPending}
          onClose={() => setSettingsOpen(false)}
          onSave={(settings) =>
            saveSettings.mutate(
              { dataset, settings },
              { onSuccess: () => notices.info('Saved the weights; the scores follow them') },
            )
          }
        />
      )}
      <div className="triage-body-grid">
        <aside className="histograms" data-testid="histograms">
          <SignalHistogram model={model} measure="score" label="score" />
          {QUALITY_SIGNALS.map((s) => (
            <SignalHistogram key={s} model={model} measure={s} label={s} />
          ))}
        </aside>
        <main className="triage-main">
          <TriageList model={model} sparklines={sparklines} onFlag={openFlag} />
          <DecisionBar model={model} note={note} onNote={setNote} onDecide={(d) => void runDecision(d)} />
        </main>
        {views && <SpanViewer views={views} onClose={() => setViews(null)} onStep={step} />}
      </div>
    </div>
  );
}
