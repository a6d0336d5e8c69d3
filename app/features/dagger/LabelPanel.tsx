import { useRef, type PointerEvent as ReactPointerEvent } from 'react';
import type { ControlRange } from './controls';
import type { LabelSession } from './labelSession';
import { ArmPad } from './ArmPad';
import type { GamepadInput } from './gamepadInput';
import { GamepadChip } from './useGamepad';
import { PushTPad, pushtObs } from './PushTPad';
import { useSession } from './useSession';

/**
 * The labelling controls in the environment's terms: for the lane a steering bar to drag with the
 * mouse and sliders for steering and speed; for PushT the scene to drag the agent's target on; for
 * the arm an end-effector gizmo solved by inverse kinematics; and one slider per action dimension. Shows the
 * progress, the policy version and who labelled last.
 */
export function LabelPanel({
  session,
  commands,
  gamepad,
}: {
  session: LabelSession;
  gamepad: GamepadInput;
  commands: {
    keyframe(): void;
    accept(): void;
    clear(): void;
    nextUnlabelled(): void;
    nextUncertain(): void;
    undo(): void;
    redo(): void;
  };
}) {
  useSession(session, 'labels', 'control', 'uncertainty', 'frame');
  const { labels, control, ranges } = session;
  const frame = session.frame();
  const labelled = labels.mask.reduce((n, m) => n + m, 0);
  const policy = session.actionAt(frame);
  const steer = session.env === 'lane' ? ranges.findIndex((r) => r.name === 'steer') : -1;

  return (
    <aside className="label-panel" data-testid="label-panel">
      <div className="label-progress" data-testid="label-progress" data-labelled={labelled}>
        <b>
          {labelled} / {labels.frames}
        </b>{' '}
        frames labelled
        <progress max={labels.frames} value={labelled} />
      </div>
      <GamepadChip input={gamepad} />
      <div className="muted">
        frame <span data-testid="label-frame">{frame}</span> ·{' '}
        {labels.mask[frame] ? <span className="chip">labelled</span> : 'unlabelled'}
      </div>
      {steer >= 0 && (
        <SteeringBar
          range={ranges[steer]!}
          value={control[steer]!}
          policy={labels.policyActions[frame * labels.columns.length + steer] ?? 0}
          onChange={(v) => session.setControl(steer, v)}
        />
      )}
      {session.env === 'pusht' && ranges.length === 2 && (
        <PushTPad
          obs={pushtObs(session.observationAt(frame))}
          target={[control[0]!, control[1]!]}
          policy={[policy[0]!, policy[1]!]}
          onChange={(x, y) => session.setControls([x, y])}
        />
      )}
      {session.env === 'arm' && ranges.length === 6 && (
        <ArmPad joints={control} onJoints={(q) => session.setControls(q)} gamepad={gamepad} />
      )}
      {ranges.map((r, d) => (
        <label key={r.name} className="control-row">
          <span className="control-name">{r.name}</span>
          <input
            type="range"
            min={r.min}
            max={r.max}
            step={r.step}
            value={control[d]}
            data-testid={`control-${r.name}`}
            onChange={(e) => session.setControl(d, Number(e.target.value))}
          />
          <span className="control-value" data-testid={`control-value-${r.name}`}>
            {control[d]!.toFixed(3)} {r.unit}
          </span>
          <span className="muted" title="What the policy did (or the label) at this frame">
            was {policy[d]!.toFixed(3)}
          </span>
        </label>
      ))}
      <div className="label-buttons">
        <button className="primary" onClick={commands.keyframe} data-testid="set-keyframe" title="K">
          Keyframe (K)
        </button>
        <button onClick={commands.accept} data-testid="accept-policy" title="A: over the in/out span">
          Policy was fine (A)
        </button>
        <button onClick={commands.clear} title="Delete: over the in/out span">
          Clear (Del)
        </button>
        <button onClick={commands.nextUnlabelled} title="N">
          Next unlabelled (N)
        </button>
        <button
          onClick={commands.nextUncertain}
          disabled={!session.scores}
          data-testid="next-uncertain"
          title="U: the unlabelled frame the policy is least sure about"
        >
          Most uncertain (U)
        </button>
        <button onClick={commands.undo} title="Ctrl/⌘+Z">
          Undo
        </button>
        <button onClick={commands.redo} title="Ctrl/⌘+Shift+Z">
          Redo
        </button>
      </div>
      <dl className="label-facts">
        <dt>policy</dt>
        <dd data-testid="policy-version">{labels.policyVersion ?? 'the expert (demonstration)'}</dd>
        <dt>last labelled</dt>
        <dd data-testid="labelled-by">
          {labels.labeler === 'human' ? labels.actor : labels.labeler} ·{' '}
          {new Date(labels.labelledAt).toLocaleString()}
        </dd>
        <dt>versions</dt>
        <dd>{labels.history.length}</dd>
      </dl>
      <p className="muted keys-help">
        Space play · ←/→ step · I/O span · K keyframe (linear from the last one) · A accept policy · N next
        unlabelled · U most uncertain · [/] nudge steering · Ctrl+Z undo · gamepad: left stick steers / moves
        the target or end effector (right stick: speed / height), A keyframe, X accept, Y next, D-pad step
      </p>
    </aside>
  );
}

/**
 * A steering bar: drag anywhere on it to steer; the policy's steering is the thin mark. Positive
 * steering turns left in the lane simulator, so the bar's left end is its maximum.
 */
export function SteeringBar(props: {
  range: ControlRange;
  value: number;
  policy: number;
  onChange(v: number): void;
}) {
  const { range, value, policy, onChange } = props;
  const ref = useRef<HTMLDivElement>(null);
  const at = (v: number) => `${(100 * (range.max - v)) / (range.max - range.min)}%`;
  const set = (e: ReactPointerEvent) => {
    const box = ref.current!.getBoundingClientRect();
    const k = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
    onChange(range.max - k * (range.max - range.min));
  };
  return (
    <div
      className="steering-bar"
      ref={ref}
      data-testid="steering-bar"
      title="Drag to steer: left to right"
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture?.(e.pointerId);
        set(e);
      }}
      onPointerMove={(e) => e.buttons === 1 && set(e)}
    >
      <div className="steering-zero" style={{ left: at(0) }} />
      <div className="steering-policy" style={{ left: at(policy) }} />
      <div className="steering-knob" style={{ left: at(value) }} />
      <span className="steering-caption">← left · steer {value.toFixed(3)} rad · right →</span>
    </div>
  );
}
