import { useState } from 'react';
import { SIM_ENVS, type Model } from '../../../src/common/api';
import { formatTaskScore } from '../../../src/common/format';
import { useCallMutation } from '../../data';

const fmt = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);
const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Trained models with their metrics and last evaluation (success, and the task's continuous measures
 * beside it); tick two or more to compare; Evaluate runs rollouts as a job.
 */
export function ModelsTable({
  models,
  selected,
  onToggle,
  onStarted,
}: {
  models: Model[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onStarted: (message: string) => void;
}) {
  // '' evaluates each model in the simulator its demonstrations came from.
  const [env, setEnv] = useState<(typeof SIM_ENVS)[number] | ''>('');
  const [episodes, setEpisodes] = useState(20);

  const evaluation = useCallMutation('evaluateModel', {
    onSuccess: ({ jobId }, input) =>
      onStarted(`Evaluating ${models.find((m) => m.id === input.model)?.name ?? input.model} (${jobId})`),
  });
  const evaluate = (m: Model) =>
    evaluation.mutate({ model: m.id, ...(env ? { env } : {}), episodes, seed: 0, record: true });

  if (models.length === 0) return <p className="hint">No models yet: start a training run.</p>;
  return (
    <div className="models">
      <div className="eval-options">
        Evaluate in
        <select
          value={env}
          onChange={(e) => setEnv(e.target.value as typeof env)}
          data-testid="eval-env"
          title="Which built-in simulator to roll each model out in; by default the one its demonstrations came from"
        >
          <option value="">its own simulator</option>
          {SIM_ENVS.map((e) => (
            <option key={e}>{e}</option>
          ))}
        </select>
        with
        <input
          type="number"
          min={1}
          max={1000}
          value={episodes}
          onChange={(e) => setEpisodes(Number(e.target.value))}
        />
        rollouts
      </div>
      <table data-testid="models-table">
        <thead>
          <tr>
            <th />
            <th>model</th>
            <th>policy</th>
            <th>episodes</th>
            <th>steps</th>
            <th>train loss</th>
            <th>val loss</th>
            <th>backend</th>
            <th>success (95% CI)</th>
            <th>task score (mean ± SD)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const last = m.metrics.evals.at(-1);
            return (
              <tr key={m.id} data-testid="model-row" className={selected.has(m.id) ? 'selected' : ''}>
                <td>
                  <input
                    type="checkbox"
                    checked={selected.has(m.id)}
                    onChange={() => onToggle(m.id)}
                    aria-label={`compare ${m.name}`}
                  />
                </td>
                <td title={m.id}>{m.name}</td>
                <td>{m.policy}</td>
                <td>{m.dataset.episodeIds.length}</td>
                <td>{m.metrics.steps}</td>
                <td>{fmt(m.metrics.trainLoss)}</td>
                <td>{fmt(m.metrics.valLoss)}</td>
                <td>{m.backend}</td>
                <td data-testid="model-success">
                  {last
                    ? `${pct(last.successRate)} (${pct(last.ci95[0])}–${pct(last.ci95[1])}) ${last.env}×${last.episodes}`
                    : '–'}
                </td>
                <td data-testid="model-scores">
                  {last && last.scores.length > 0
                    ? last.scores.map((s) => <div key={s.name}>{formatTaskScore(s)}</div>)
                    : '–'}
                </td>
                <td>
                  <button onClick={() => evaluate(m)} data-testid="model-evaluate">
                    Evaluate
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
