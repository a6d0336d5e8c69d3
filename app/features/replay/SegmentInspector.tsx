import { useEffect, useState } from 'react';
import type { Segment } from '../../../src/common/api';
import { formatDuration } from '../../../src/common/format';
import { SEGMENT_COLORS, type SegmentDraft } from './segmentEdits';

/** Label (from the dataset's vocabulary or new), language instruction and colour of one segment. */
export function SegmentInspector(props: {
  segment: Segment;
  labels: readonly string[];
  onChange(patch: Partial<SegmentDraft>): void;
  onSplit(): void;
  onMerge(): void;
  onDelete(): void;
  onLoop(): void;
}) {
  const { segment: s } = props;
  const [label, setLabel] = useState(s.label);
  const [instruction, setInstruction] = useState(s.instruction);
  // Each field follows its own stored value, so a reload after one edit never wipes another being typed.
  useEffect(() => setLabel(s.label), [s.id, s.label]);
  useEffect(() => setInstruction(s.instruction), [s.id, s.instruction]);

  return (
    <div className="segment-inspector" data-testid="segment-inspector">
      <span className="muted">
        {formatDuration(s.startNs)} – {formatDuration(s.endNs)}
      </span>
      <input
        list="segment-labels"
        placeholder="Label"
        value={label}
        data-testid="segment-label"
        onChange={(e) => setLabel(e.target.value)}
        onBlur={() => label !== s.label && props.onChange({ label })}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      <datalist id="segment-labels">
        {props.labels.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <input
        className="instruction"
        placeholder="Language instruction, e.g. “pick up the red cube”"
        value={instruction}
        data-testid="segment-instruction"
        onChange={(e) => setInstruction(e.target.value)}
        onBlur={() => instruction !== s.instruction && props.onChange({ instruction })}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      <span className="swatches">
        {SEGMENT_COLORS.map((c) => (
          <button
            key={c}
            className={`swatch${c === s.color ? ' on' : ''}`}
            style={{ background: c }}
            title={c}
            onClick={() => props.onChange({ color: c })}
          />
        ))}
      </span>
      <button onClick={props.onLoop} title="Loop this segment (R)">
        Loop
      </button>
      <button onClick={props.onSplit} title="Split at the playhead (S)">
        Split
      </button>
      <button onClick={props.onMerge} title="Merge with the next segment (M)">
        Merge
      </button>
      <button onClick={props.onDelete} title="Delete (Del)" data-testid="segment-delete">
        Delete
      </button>
    </div>
  );
}
