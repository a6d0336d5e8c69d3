import { useEffect, useState } from 'react';
import { QUALITY_SIGNALS, type QualitySettings } from '../../../src/common/api';

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
        <label title="A relative signal flags an episode at this robust z-score within its task">
          <span>flag at z</span>
          <input
            type="number"
            min={0}
            max={10}
            step={0.1}
            value={draft.flagAtZ}
            onChange={(e) => setDraft({ ...draft, flagAtZ: num(e.target.value, draft.flagAtZ) })}
            data-testid="flag-at-z"
          />
        </label>
        <label title="A pause within the task at least this long (seconds) flags its episode however common such pauses are (0: off)">
          <span>long pause (s)</span>
          <input
            type="number"
            min={0}
            max={60}
            step={0.1}
            value={draft.longPauseS}
            onChange={(e) => setDraft({ ...draft, longPauseS: num(e.target.value, draft.longPauseS) })}
            data-testid="long-pause-s"
          />
        </label>
        <label title="What a failure or a recording fault counts as, like a z-score of this">
          <span>absolute z</span>
          <input
            type="number"
            min={0}
            max={10}
            step={0.1}
            value={draft.absoluteZ}
            onChange={(e) => setDraft({ ...draft, absoluteZ: num(e.target.value, draft.absoluteZ) })}
            data-testid="absolute-z"
          />
        </label>
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
