import type { RecordingInfo, RobomimicInfo } from '../../../src/common/api';

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;
const seconds = (ns: number | null) => (ns === null ? '–' : `${(ns / 1e9).toFixed(2)}`);

/** One recording's topics, each with a checkbox; topics an import cannot use are shown disabled, with why. */
export function RecordingTopics(props: {
  info: RecordingInfo;
  chosen: Set<string>;
  onToggle(topic: string, on: boolean): void;
}) {
  const { info } = props;
  return (
    <div className="recording-topics" data-testid="recording-topics">
      <div className="recording-head">
        <strong>{baseName(info.path)}</strong>
        <span className="muted">
          {info.messages} messages, {seconds(info.durationNs)} s
          {info.indexed ? '' : ', no index (read whole)'}
        </span>
      </div>
      <table className="streams topics">
        <thead>
          <tr>
            <th />
            <th>Topic</th>
            <th>Schema</th>
            <th>Messages</th>
            <th>Rate</th>
            <th>Time (s)</th>
            <th>Becomes</th>
          </tr>
        </thead>
        <tbody>
          {info.topics.map((t) => {
            const usable = t.becomes !== 'nothing';
            return (
              <tr key={t.topic} className={usable ? '' : 'disabled'} title={t.reason ?? ''}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`import ${t.topic}`}
                    disabled={!usable}
                    checked={usable && props.chosen.has(t.topic)}
                    onChange={(e) => props.onToggle(t.topic, e.target.checked)}
                    data-testid={`topic-${t.topic}`}
                  />
                </td>
                <td className="mono">{t.topic}</td>
                <td className="mono">{t.type}</td>
                <td>{t.messages}</td>
                <td>{t.rateHz === null ? '–' : `${t.rateHz.toFixed(1)} Hz`}</td>
                <td>
                  {seconds(t.firstNs)}–{seconds(t.lastNs)}
                </td>
                <td>
                  {usable
                    ? t.becomes === 'series' && t.columns !== null
                      ? `series (${t.columns})`
                      : t.becomes
                    : `skipped: ${t.reason ?? 'not understood'}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The control rate of robomimic files: prefilled from their env_args, required when they name none. */
export function ControlRate(props: { files: RobomimicInfo[]; value: string; onChange(value: string): void }) {
  const unknown = props.files.filter((f) => f.controlFreqHz === null);
  return (
    <div className="control-rate">
      {props.files.map((f) => (
        <div key={f.path} className="muted">
          <strong>{baseName(f.path)}</strong>: {f.demos} demo(s)
          {f.envName ? `, ${f.envName}` : ''},{' '}
          {f.controlFreqHz === null ? 'no control rate in env_args' : `${f.controlFreqHz} Hz in env_args`}
        </div>
      ))}
      <label>
        Control rate (Hz){unknown.length > 0 ? ' — required: robomimic files hold no times' : ''}
        <input
          type="number"
          min={0}
          step="any"
          required={unknown.length > 0}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          data-testid="import-rate-hz"
        />
      </label>
    </div>
  );
}
