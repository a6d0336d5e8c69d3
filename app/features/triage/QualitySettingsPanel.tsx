import { useEffect, useState } from 'react';
import { QUALITY_SIGNALS, type QualitySettings } from '../../../src/common/api';

/** The thresholds beside the weights: a number each, between 0 and `max`. */
const THRESHOLDS: {
  key: 'flagAtZ' | 'longPauseS' | 'absoluteZ';
  label: string;
  title: string;
  max: number;
  testId: string;
}[] = [
  {
    key: 'flagAtZ',
    label: 'flag at z',
    title: 'A relative signal flags an episode at this robust z-score within its task',
    max: 10,
    testId: 'flag-at-z',
  },
  {
    key: 'longPauseS',
    label: 'long pause (s)',
    title:
      'A pause within the task at least this long (seconds) flags its episode however common such pauses are (0: off)',
    max: 60,
    testId: 'long-pause-s',
  },
  {
    key: 'absoluteZ',
    label: 'absolute z',
    title: 'What a failure or a recording fault counts as, like a z-score of this',
    max: 10,
    testId: 'absolute-z',
  },
];

/**
 * A dataset's weights and thresholds, edited as a draft and saved together (the report scores
 * again under them; the learned score's settings take effect at the next run).
 */
export function QualitySettingsPanel(props: {
  settings: QualitySettings;
  saving: boolean;
  onSave(next: QualitySettings): void;
  onClose(): void;
}) {
  const [draft, setDraft] = useState(props.settings);
  useEffect(() => setDraft(props.settings), [props.settings]);
  const num = (v: string, fallback: number) =>
    v.trim() === '' || !Number.isFinite(Number(v)) ? fallback : Number(v);
  return (
    <div className="quality-settings" data-testid="quality-settings">
      <div className="settings-grid">
        {QUALITY_SIGNALS.map((s) => (
          <label key={s}>
            <span>{s}</span>
            <input
              type="number"
              min={0}
              max={100}
              step={0.5}
              value={draft.weights[s]}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  weights: { ...draft.weights, [s]: num(e.target.value, draft.weights[s]) },
                })
              }
              data-testid={`weight-${s}`}
            />
          </label>
        ))}
        {THRESHOLDS.map((t) => (
          <label key={t.key} title={t.title}>
            <span>{t.label}</span>
            <input
              type="number"
              min={0}
              max={t.max}
              step={0.1}
              value={draft[t.key]}
              onChange={(e) => setDraft({ ...draft, [t.key]: num(e.target.value, draft[t.key]) })}
              data-testid={t.testId}
            />
          </label>
        ))}
        <label title="The cross-fitted behaviour-cloning score (applies at the next run)">
          <span>compute learned</span>
          <input
            type="checkbox"
            checked={draft.learned.enabled}
            onChange={(e) => setDraft({ ...draft, learned: { ...draft.learned, enabled: e.target.checked } })}
            data-testid="learned-enabled"
          />
        </label>
      </div>
      <div className="settings-actions">
        <button onClick={props.onClose}>Close</button>
        <button
          className="primary"
          disabled={props.saving}
          onClick={() => props.onSave(draft)}
          data-testid="save-quality-settings"
        >
          Save
        </button>
      </div>
    </div>
  );
}
