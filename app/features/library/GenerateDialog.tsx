import { useState } from 'react';
import { SIM_ENVS, SKILL_PRESETS, type GenerateRequest } from '../../../src/common/api';
import { Modal, ModalActions } from '../../components/Modal';
import { useCallMutation } from '../../data';

const ENV_LABELS: Record<GenerateRequest['env'], string> = {
  pusht: 'PushT — push a T-shaped block onto its goal (2D, camera)',
  lane: 'Lane keeping — drive a lap of a generated track (camera)',
  arm: 'SO-101 pick-and-place — joint-space arm (3D, top camera)',
};

/** Scripted demonstrations from a built-in simulator, generated as a job. */
export function GenerateDialog(props: { onClose(): void; onStarted(message: string): void }) {
  const [env, setEnv] = useState<GenerateRequest['env']>('pusht');
  const [episodes, setEpisodes] = useState(20);
  const [seed, setSeed] = useState(0);
  const [skill, setSkill] = useState<GenerateRequest['skill']>('mixed');
  const [dataset, setDataset] = useState('');
  const generate = useCallMutation('generateDemos', {
    inline: true,
    onSuccess: (_job, input) => {
      props.onStarted(`Generating ${input.episodes} ${input.env} demonstrations into "${input.dataset}"`);
      props.onClose();
    },
  });
  const submit = () =>
    generate.mutate({ env, episodes, seed, skill, dataset: dataset.trim() || `${env}-demos`, render: true });

  return (
    <Modal label="Generate demonstrations" onClose={props.onClose}>
      <p className="hint">
        A scripted expert plays the task at the skill you choose, with realistic flaws (noise, pauses,
        detours, retries). Its true skill is recorded apart from the episode, for honest evaluation of quality
        tools.
      </p>
      <label>
        Task
        <select value={env} onChange={(e) => setEnv(e.target.value as typeof env)} data-testid="generate-env">
          {SIM_ENVS.map((name) => (
            <option key={name} value={name}>
              {ENV_LABELS[name]}
            </option>
          ))}
        </select>
      </label>
      <div className="form-row">
        <label>
          Episodes
          <input
            type="number"
            min={1}
            max={10000}
            value={episodes}
            onChange={(e) => setEpisodes(Math.max(1, Math.round(Number(e.target.value) || 1)))}
            data-testid="generate-episodes"
          />
        </label>
        <label>
          Seed
          <input
            type="number"
            min={0}
            value={seed}
            onChange={(e) => setSeed(Math.max(0, Math.round(Number(e.target.value) || 0)))}
          />
        </label>
        <label>
          Operator skill
          <select value={skill} onChange={(e) => setSkill(e.target.value as typeof skill)}>
            {SKILL_PRESETS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Dataset
        <input value={dataset} placeholder={`${env}-demos`} onChange={(e) => setDataset(e.target.value)} />
      </label>
      {generate.error && <p className="error-text">{generate.error.message}</p>}
      <ModalActions
        cancel="Cancel"
        onCancel={props.onClose}
        submit="Generate"
        onSubmit={submit}
        pending={generate.isPending}
        testId="generate-submit"
      />
    </Modal>
  );
}
