import { useEffect, useMemo, useRef, useState } from 'react';
import { LiveStepSchema, type LiveInput, type LiveStep } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useCall } from '../../data';
import { daggerHref } from '../../router';
import { useStudio } from '../../state/studioContext';
import { rangesOf } from './controls';
import { SteeringBar } from './LabelPanel';
import { ArmPad } from './ArmPad';
import { padControl } from './gamepadMap';
import { GamepadChip, useGamepad, usePadFrames } from './useGamepad';
import { PushTPad, pushtObs } from './PushTPad';
import { SO101_JOINTS } from '../../../src/common/robot/jointMapping';
import { LiveCamera } from './LiveCamera';
import { LiveTrace } from './LiveTrace';

/**
 * A live rollout (HG-DAgger): the job steps the environment at its control rate and reports each
 * step; the expert takes over (T, or the button) and steers with the bar, the sliders or ←/→, and
 * hands back with T again. The frames under the expert's control become labels when it ends.
 */
export function LiveView({ runId, jobId, env }: { runId: string; jobId: string; env: string }) {
  const client = useStudio();
  const notices = useNotices();
  const [steps, setSteps] = useState<LiveStep[]>([]);
  const [camera, setCamera] = useState<LiveStep | null>(null);
  const [taking, setTaking] = useState(false);
  const [control, setControl] = useState<number[] | null>(null);
  const state = useRef({ taking, control });
  state.current = { taking, control };
  const job = (useCall('listJobs', { limit: 100 }).data ?? []).find((j) => j.id === jobId);
  const last = steps.at(-1) ?? null;
  const running = job?.state === 'running' || job?.state === 'queued';
  const ranges = useMemo(
    () => (last ? rangesOf(env, columnsOf(env, last), [last.policyAction]) : []),
    [env, last !== null],
  );

  useEffect(
    () =>
      client.on('jobMessage', ({ jobId: from, data }) => {
        if (from !== jobId) return;
        const step = LiveStepSchema.parse(data);
        // The camera is kept apart, the newest picture only (a 30 Hz rollout would hold hundreds of
        // MB); steps come without one on some steps.
        if (step.image) setCamera(step);
        setSteps((s) => [...s, withoutImage(step)]);
        // Until the expert moves a control, it shows what the policy does.
        if (!state.current.taking) setControl(step.policyAction);
      }),
    [client, jobId],
  );

  const send = (input: LiveInput) =>
    void client
      .call('sendLiveInput', { jobId, input })
      .then(({ delivered }) => delivered || notices.info('The live rollout has ended'))
      .catch((e: unknown) => notices.error(e, 'reach the live rollout'));
  const toggle = () => {
    const { taking: now, control: c } = state.current;
    if (now) send({ type: 'release' });
    else if (c) send({ type: 'takeover', action: c });
    const next = !now && c !== null;
    setTaking(next);
    state.current = { taking: next, control: c };
  };
  // Steering takes over: the expert drives from the first move until handing back.
  const drive = (next: number[]) => {
    if (!running) return;
    setControl(next);
    setTaking(true);
    state.current = { taking: true, control: next };
    send({ type: 'takeover', action: next });
  };
  const steer = (dim: number, value: number) => {
    const c = state.current.control;
    if (c) drive(c.map((v, d) => (d === dim ? value : v)));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.toLowerCase();
      const r = ranges[0];
      const c = state.current.control;
      if (key === 't') toggle();
      else if ((key === 'arrowleft' || key === 'arrowright') && r && c)
        steer(0, Math.min(r.max, Math.max(r.min, c[0]! + (key === 'arrowleft' ? 10 : -10) * r.step)));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const gamepad = useGamepad();
  usePadFrames(gamepad, ({ pad, dt, presses }) => {
    if (presses.includes('takeover')) toggle();
    const c = state.current.control;
    const next = c ? padControl(env, c, ranges, pad, dt) : null;
    if (next) drive(next);
  });

  const result = job?.state === 'succeeded' ? (job.result as { episodeId: string; labels: number }) : null;
  const steerDim = ranges.findIndex((r) => r.name === 'steer');
  return (
    <div
      className="live"
      data-testid="live-view"
      data-job={jobId}
      data-state={job?.state ?? 'queued'}
      data-steps={steps.length}
      data-expert-steps={steps.filter((st) => st.expert).length}
    >
      <div className="live-bar">
        <b>Live takeover</b>
        <span className="muted">
          step {last?.step ?? '–'} · {job?.state ?? 'queued'} ·{' '}
          {taking ? <span className="chip takeover">you are driving</span> : 'the policy is driving'}
        </span>
        <button
          className={taking ? 'primary' : ''}
          disabled={!running || !control}
          onClick={toggle}
          data-testid="live-takeover"
          aria-pressed={taking}
        >
          {taking ? 'Hand back (T)' : 'Take over (T)'}
        </button>
        <button disabled={!running} onClick={() => send({ type: 'stop' })} data-testid="live-stop">
          Stop
        </button>
        <GamepadChip input={gamepad} />
        {result && (
          <a href={daggerHref(runId, result.episodeId)} data-testid="live-result">
            Label this rollout ({result.labels} frames from the takeover)
          </a>
        )}
        {job?.state === 'failed' && <span className="error">{job.error}</span>}
      </div>
      <LiveTrace steps={steps} />
      {control && steerDim >= 0 && (
        <SteeringBar
          range={ranges[steerDim]!}
          value={control[steerDim]!}
          policy={last?.policyAction[steerDim] ?? 0}
          onChange={(v) => steer(steerDim, v)}
        />
      )}
      <div className="live-views">
        {control && env === 'pusht' && last && (
          <PushTPad
            obs={pushtObs(last.obs)}
            target={[control[0]!, control[1]!]}
            policy={[last.policyAction[0]!, last.policyAction[1]!]}
            onChange={(x, y) => drive([x, y])}
          />
        )}
        {control && env === 'arm' && control.length === 6 && (
          <ArmPad joints={control} onJoints={(q) => drive(q)} gamepad={gamepad} />
        )}
        <LiveCamera step={camera} />
      </div>
      {control &&
        ranges.map((r, d) => (
          <label key={r.name} className="control-row">
            <span className="control-name">{r.name}</span>
            <input
              type="range"
              min={r.min}
              max={r.max}
              step={r.step}
              value={control[d]}
              onChange={(e) => steer(d, Number(e.target.value))}
            />
            <span className="control-value">{control[d]!.toFixed(3)}</span>
          </label>
        ))}
      <p className="muted keys-help">
        T take over / hand back · ←/→ steer while you drive · the policy keeps driving otherwise · gamepad: B
        takes over / hands back, the sticks drive
      </p>
    </div>
  );
}

const COLUMNS: Record<string, readonly string[]> = {
  lane: ['steer', 'speed'],
  pusht: ['target_x', 'target_y'],
  arm: SO101_JOINTS,
};
const columnsOf = (env: string, step: LiveStep): readonly string[] =>
  COLUMNS[env] ?? step.policyAction.map((_, i) => `action ${i}`);

function withoutImage(step: LiveStep): LiveStep {
  if (!step.image) return step;
  const copy = { ...step };
  delete copy.image;
  return copy;
}
