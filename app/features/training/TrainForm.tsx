import { useState } from 'react';
import {
  keepsRows,
  LR_SCHEDULES,
  POLICY_KINDS,
  type LrSchedule,
  type PolicyKind,
} from '../../../src/common/api';
import { useCall, useCallMutation } from '../../data';

/** Robomimic-like defaults, sized for a laptop CPU (the policies' own defaults fill the rest). */
const DEFAULTS = { epochs: 50, batchSize: 100, learningRate: 0.001, valFraction: 0.1, seed: 0 };

/** The training request: policy, dataset with tag filters, hyperparameters, Start. */
export function TrainForm({ onStarted }: { onStarted: (jobId: string) => void }) {
  const datasets = useCall('listDatasets', {}).data ?? [];
  const tags = (useCall('listTags', {}).data ?? []).map((t) => t.tag);
  const [policy, setPolicy] = useState<PolicyKind>('bc-mlp');
  // Until one is picked: the first dataset that is not an evaluation's rollouts.
  const [picked, setDataset] = useState('');
  const dataset = picked || ((datasets.find((x) => !x.name.startsWith('eval-')) ?? datasets[0])?.name ?? '');
  const [includeTag, setIncludeTag] = useState('');
  const [excludeTags, setExcludeTags] = useState('rejected, flagged');
  const [segmentLabel, setSegmentLabel] = useState('');
  const [values, setValues] = useState(DEFAULTS);
  const [hidden, setHidden] = useState('256, 256');
  const [relativeActions, setRelativeActions] = useState(false);
  const [relativeTo, setRelativeTo] = useState('');
  const [objectFrame, setObjectFrame] = useState('');
  const [temperature, setTemperature] = useState('');
  // A policy that keeps its rows takes no optimizer steps and has no layers.
  const stepless = keepsRows(policy);
  const [chunk, setChunk] = useState(1);
  const [lrSchedule, setLrSchedule] = useState<LrSchedule>('constant');
  const training = useCallMutation('startTraining', {
    inline: true,
    onSuccess: ({ jobId }) => onStarted(jobId),
  });

  const num = (key: keyof typeof DEFAULTS) => (
    <label>
      {key === 'batchSize'
        ? 'batch size'
        : key === 'learningRate'
          ? 'learning rate'
          : key === 'valFraction'
            ? 'validation share'
            : key}
      <input
        type="number"
        value={values[key]}
        step={key === 'learningRate' ? 0.0001 : key === 'valFraction' ? 0.05 : 1}
        disabled={stepless && key !== 'valFraction' && key !== 'seed'}
        onChange={(e) => setValues({ ...values, [key]: Number(e.target.value) })}
        data-testid={`train-${key}`}
      />
    </label>
  );

  const start = () => {
    const widths = hidden
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
    training.mutate({
      policy,
      dataset,
      ...(includeTag ? { includeTag } : {}),
      ...(segmentLabel.trim() ? { segmentLabel: segmentLabel.trim() } : {}),
      excludeTags: excludeTags
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      epochs: values.epochs,
      batchSize: values.batchSize,
      seed: values.seed,
      valFraction: values.valFraction,
      hyperparameters: {
        learningRate: values.learningRate,
        ...(policy !== 'bc-rnn' && !stepless && widths.length > 0 ? { hidden: widths } : {}),
        ...(relativeActions ? { relativeActions } : {}),
        ...(!relativeActions && relativeTo.trim() ? { actionsRelativeTo: relativeTo.trim() } : {}),
        ...(objectFrame.trim() ? { objectFrame: objectFrame.trim() } : {}),
        ...(stepless && temperature.trim() ? { temperature: Number(temperature) } : {}),
        ...(policy === 'bc-mlp' && chunk > 1 ? { chunk } : {}),
        ...(lrSchedule === 'constant' ? {} : { lrSchedule }),
      },
    });
  };

  return (
    <form className="train-form" onSubmit={(e) => (e.preventDefault(), start())} data-testid="train-form">
      <h2>New training run</h2>
      <label>
        policy
        <select
          value={policy}
          onChange={(e) => setPolicy(e.target.value as PolicyKind)}
          data-testid="train-policy"
        >
          {POLICY_KINDS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label>
        dataset
        <select value={dataset} onChange={(e) => setDataset(e.target.value)} data-testid="train-dataset">
          {datasets.map((d) => (
            <option key={d.id} value={d.name}>
              {d.name} ({d.episodeCount})
            </option>
          ))}
        </select>
      </label>
      <label>
        only tag
        <input
          list="train-tags"
          value={includeTag}
          placeholder="any"
          onChange={(e) => setIncludeTag(e.target.value)}
        />
      </label>
      <label>
        exclude tags
        <input
          value={excludeTags}
          onChange={(e) => setExcludeTags(e.target.value)}
          data-testid="train-exclude"
        />
      </label>
      <label title="Train only on the parts of episodes covered by segments with this label">
        only segments labelled
        <input
          value={segmentLabel}
          placeholder="whole episodes"
          onChange={(e) => setSegmentLabel(e.target.value)}
          data-testid="train-segment"
        />
      </label>
      <datalist id="train-tags">
        {tags.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {num('epochs')}
      {num('batchSize')}
      {num('learningRate')}
      {num('valFraction')}
      {num('seed')}
      <label>
        hidden layers
        <input
          value={hidden}
          disabled={policy === 'bc-rnn' || stepless}
          onChange={(e) => setHidden(e.target.value)}
          data-testid="train-hidden"
        />
      </label>
      {stepless && (
        <label title="Weights of the kept rows fall as exp(-d²/temperature), d² the squared distance between normalized observations: small answers with the nearest row's action, large averages many">
          temperature
          <input
            type="number"
            step="any"
            min={0}
            value={temperature}
            placeholder="0.00001"
            onChange={(e) => setTemperature(e.target.value)}
            data-testid="train-temperature"
          />
        </label>
      )}
      <label title="bc-mlp: actions predicted at a time and carried out before the policy looks again (action chunking, as in ACT); 1 answers every step">
        action chunk
        <input
          type="number"
          min={1}
          max={100}
          value={chunk}
          disabled={policy !== 'bc-mlp'}
          onChange={(e) => setChunk(Math.max(1, Math.round(Number(e.target.value)) || 1))}
          data-testid="train-chunk"
        />
      </label>
      <label title="The learning rate over the run: constant, or decayed to zero along a half cosine so the final weights settle (runs with different seeds end closer together)">
        learning-rate schedule
        <select
          value={lrSchedule}
          disabled={stepless}
          onChange={(e) => setLrSchedule(LR_SCHEDULES.find((k) => k === e.target.value) ?? 'constant')}
          data-testid="train-lr-schedule"
        >
          {LR_SCHEDULES.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label
        className="check"
        title="Learn each action named like a state value (a joint target) as its offset from that value (the joint's position): needed at high control rates, where an absolute target lies within the policy's error of the current pose"
      >
        <input
          type="checkbox"
          checked={relativeActions}
          onChange={(e) => setRelativeActions(e.target.checked)}
          data-testid="train-relative"
        />
        actions relative to state
      </label>
      <label title="Learn the action point (name_x, name_y) as its offset from this observation point, for actions named unlike any state value (PushT: agent)">
        actions relative to point
        <input
          value={relativeTo}
          placeholder="none"
          disabled={relativeActions}
          onChange={(e) => setRelativeTo(e.target.value)}
          data-testid="train-relative-to"
        />
      </label>
      <label title="See every point from this object (name_x, name_y, name_angle), so a push learned on one side of it holds wherever it lies and however it is turned (PushT: block)">
        seen from object
        <input
          value={objectFrame}
          placeholder="the world"
          onChange={(e) => setObjectFrame(e.target.value)}
          data-testid="train-object-frame"
        />
      </label>
      {training.error && <p className="form-error">{training.error.message}</p>}
      <button
        className="primary"
        type="submit"
        disabled={!dataset || training.isPending}
        data-testid="train-start"
      >
        Start training
      </button>
    </form>
  );
}
