import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { Model, WorkspaceInfo } from '../../../src/common/api';
import { formatTaskScore } from '../../../src/common/format';
import { useNotices } from '../../components/Toast';
import { useCall, useCallMutation } from '../../data';
import { JobsBar } from '../library/JobsBar';
import { LossChart, PALETTE, type CurveSeries } from './LossChart';
import { describeSettings } from './modelSettings';
import { ModelsTable } from './ModelsTable';
import { TrainForm } from './TrainForm';
import './training.css';
import { ScreenHeader } from '../../components/ScreenHeader';

const TRAINING_KINDS = new Set(['train', 'eval']);

/** `#/train`: start runs, watch their loss curves live, evaluate and compare the models. */
export function TrainScreen({ info }: { info: WorkspaceInfo }) {
  const notices = useNotices();
  // Jobs, curves and models stay current through the jobUpdated events (app/data/events.ts).
  const jobs = (useCall('listJobs', { limit: 100 }).data ?? []).filter((j) => TRAINING_KINDS.has(j.kind));
  const models = useCall('listModels', {}).data ?? [];
  const cancel = useCallMutation('cancelJob');
  const [chosen, setWatched] = useState<string | null>(null);
  const watched = chosen ?? jobs.find((j) => j.kind === 'train')?.id ?? null;
  const curve =
    useCall(
      'trainingCurve',
      { jobId: watched ?? '' },
      { enabled: watched !== null, placeholderData: keepPreviousData },
    ).data ?? [];
  const [compare, setCompare] = useState<Set<string>>(new Set());

  const toggle = (id: string) =>
    setCompare((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const compared = models.filter((m) => compare.has(m.id));
  const watchedJob = jobs.find((j) => j.id === watched);
  const series: CurveSeries[] =
    compared.length > 0
      ? compared.map((m, i) => ({
          label: m.name,
          color: PALETTE[i % PALETTE.length]!,
          points: m.metrics.curve,
        }))
      : watchedJob
        ? [{ label: watchedJob.title, color: PALETTE[0]!, points: curve }]
        : [];
  const jobList = [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 8);

  return (
    <div className="training" data-testid="train-screen">
      <ScreenHeader info={info} active="train" />
      <div className="train-body">
        <TrainForm
          onStarted={(id) => {
            setWatched(id);
            setCompare(new Set());
            notices.info('Training started');
          }}
        />
        <section className="train-main">
          <h2>{compared.length > 0 ? `Comparing ${compared.length} models` : 'Loss per epoch'}</h2>
          <LossChart series={series} />
          <h2>Runs</h2>
          <ul className="train-jobs" data-testid="train-jobs">
            {jobList.map((j) => (
              <li
                key={j.id}
                className={`${j.state} ${j.id === watched ? 'watched' : ''}`}
                data-testid="train-job"
                data-state={j.state}
              >
                <button
                  className="link"
                  disabled={j.kind !== 'train'}
                  onClick={() => {
                    setWatched(j.id);
                    setCompare(new Set());
                  }}
                >
                  {j.title}
                </button>
                <progress value={j.progress ?? undefined} max={1} />
                <span className="job-message" data-testid="train-job-message">
                  {j.state === 'failed' ? j.error : j.message}
                </span>
                {(j.state === 'running' || j.state === 'queued') && (
                  <button onClick={() => cancel.mutate({ id: j.id })} data-testid="train-job-cancel">
                    Cancel
                  </button>
                )}
              </li>
            ))}
            {jobList.length === 0 && <li className="hint">No runs yet.</li>}
          </ul>
          <h2>Models</h2>
          <ModelsTable
            models={models}
            selected={compare}
            onToggle={toggle}
            onStarted={(m) => notices.info(m)}
          />
          {compared.length >= 2 && <Comparison models={compared} />}
        </section>
      </div>
      <JobsBar />
    </div>
  );
}

/** The compared models' settings and results side by side. */
function Comparison({ models }: { models: Model[] }) {
  const rows: [string, (m: Model) => string][] = [
    ['policy', (m) => m.policy],
    [
      'dataset',
      (m) => `${m.dataset.name} (${m.dataset.episodeIds.length} episodes, ${m.dataset.frames} frames)`,
    ],
    ['settings', describeSettings],
    ['epochs × steps', (m) => `${m.metrics.epochs} × ${m.metrics.steps}`],
    ['train loss', (m) => m.metrics.trainLoss?.toFixed(4) ?? '–'],
    ['val loss', (m) => m.metrics.valLoss?.toFixed(4) ?? '–'],
    ['training time', (m) => `${Math.round(m.metrics.seconds)} s on ${m.backend}`],
    [
      'success',
      (m) =>
        m.metrics.evals
          .map(
            (e) =>
              `${e.env}: ${Math.round(e.successRate * 100)}% [${Math.round(e.ci95[0] * 100)}–${Math.round(e.ci95[1] * 100)}]`,
          )
          .join(', ') || '–',
    ],
    [
      'task score',
      (m) =>
        m.metrics.evals
          .filter((e) => e.scores.length > 0)
          .map((e) => `${e.env}: ${e.scores.map(formatTaskScore).join('; ')}`)
          .join(', ') || '–',
    ],
  ];
  return (
    <table className="comparison" data-testid="comparison">
      <thead>
        <tr>
          <th />
          {models.map((m) => (
            <th key={m.id}>{m.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th>{label}</th>
            {models.map((m) => (
              <td key={m.id}>{value(m)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
