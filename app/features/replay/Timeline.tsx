import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Segment, Suggestion, Trim } from '../../../src/common/api';
import type { PlaybackClock } from './clock';

type Drag =
  | { kind: 'seek' }
  | { kind: 'create'; fromNs: number; toNs: number }
  | { kind: 'move' | 'start' | 'end'; segment: Segment; grabNs: number; startNs: number; endNs: number }
  | { kind: 'trim-start' | 'trim-end'; startNs: number; endNs: number };

const MIN_NS = 1e7;

/**
 * The episode's time: a scrubber with the playhead, the trim (outside is dimmed, edges drag),
 * in/out points, segments (drag on empty lane to create, drag a body to move, an edge to resize)
 * and suggested ghost segments to accept or dismiss.
 */
export function Timeline(props: {
  clock: PlaybackClock;
  durationNs: number;
  segments: readonly Segment[];
  suggestions: readonly Suggestion[];
  trim: Trim | null;
  inNs: number | null;
  outNs: number | null;
  selectedId: string | null;
  onSelect(id: string | null): void;
  onCreate(span: { startNs: number; endNs: number }): void;
  onChange(segment: Segment, span: { startNs: number; endNs: number }): void;
  onTrim(trim: Trim): void;
  onAccept(s: Suggestion): void;
  onDismiss(s: Suggestion): void;
}) {
  const { clock, durationNs } = props;
  const ref = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);

  const pct = (t: number) => `${(100 * t) / durationNs}%`;
  const timeAt = (clientX: number) => {
    const box = ref.current!.getBoundingClientRect();
    return Math.round(Math.min(1, Math.max(0, (clientX - box.left) / box.width)) * durationNs);
  };

  useEffect(() => {
    const place = () => {
      if (headRef.current) headRef.current.style.left = pct(clock.timeNs);
    };
    place();
    return clock.onDidChange(place);
  });

  const begin = (e: ReactPointerEvent, d: Drag) => {
    e.stopPropagation();
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag(d);
  };

  useEffect(() => {
    if (!drag) return;
    const move = (e: PointerEvent) => {
      const t = timeAt(e.clientX);
      if (drag.kind === 'seek') clock.seek(t);
      else if (drag.kind === 'create') setDrag({ ...drag, toNs: t });
      else if (drag.kind === 'move') {
        const len = drag.segment.endNs - drag.segment.startNs;
        const start = Math.min(Math.max(0, drag.segment.startNs + t - drag.grabNs), durationNs - len);
        setDrag({ ...drag, startNs: start, endNs: start + len });
      } else if (drag.kind === 'start') setDrag({ ...drag, startNs: Math.min(t, drag.endNs - MIN_NS) });
      else if (drag.kind === 'end') setDrag({ ...drag, endNs: Math.max(t, drag.startNs + MIN_NS) });
      else if (drag.kind === 'trim-start') setDrag({ ...drag, startNs: Math.min(t, drag.endNs - MIN_NS) });
      else setDrag({ ...drag, endNs: Math.max(t, drag.startNs + MIN_NS) });
    };
    const up = () => {
      if (drag.kind === 'create') {
        const [a, b] = [Math.min(drag.fromNs, drag.toNs), Math.max(drag.fromNs, drag.toNs)];
        if (b - a >= MIN_NS) props.onCreate({ startNs: a, endNs: b });
        else clock.seek(a);
      } else if (drag.kind === 'move' || drag.kind === 'start' || drag.kind === 'end') {
        if (drag.startNs !== drag.segment.startNs || drag.endNs !== drag.segment.endNs)
          props.onChange(drag.segment, { startNs: drag.startNs, endNs: drag.endNs });
      } else if (drag.kind === 'trim-start' || drag.kind === 'trim-end') {
        props.onTrim({ startNs: drag.startNs, endNs: drag.endNs });
      }
      setDrag(null);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
  });

  const trim =
    drag?.kind === 'trim-start' || drag?.kind === 'trim-end'
      ? { startNs: drag.startNs, endNs: drag.endNs }
      : props.trim;
  const spanOf = (s: Segment) =>
    drag && 'segment' in drag && drag.segment.id === s.id ? { startNs: drag.startNs, endNs: drag.endNs } : s;

  return (
    <div className="timeline" ref={ref} data-testid="timeline">
      <div
        className="scrub-lane"
        data-testid="scrubber"
        onPointerDown={(e) => {
          clock.seek(timeAt(e.clientX));
          begin(e, { kind: 'seek' });
        }}
      >
        {trim && (
          <>
            <div className="trim-out" style={{ left: 0, width: pct(trim.startNs) }} />
            <div className="trim-out" style={{ left: pct(trim.endNs), right: 0 }} />
          </>
        )}
        {props.inNs !== null && <div className="io-mark in" style={{ left: pct(props.inNs) }} title="In" />}
        {props.outNs !== null && (
          <div className="io-mark out" style={{ left: pct(props.outNs) }} title="Out" />
        )}
        {props.inNs !== null && props.outNs !== null && props.outNs > props.inNs && (
          <div className="io-range" style={{ left: pct(props.inNs), width: pct(props.outNs - props.inNs) }} />
        )}
      </div>
      <div
        className="segment-lane"
        data-testid="segment-lane"
        onPointerDown={(e) => {
          const t = timeAt(e.clientX);
          props.onSelect(null);
          begin(e, { kind: 'create', fromNs: t, toNs: t });
        }}
      >
        {props.segments.map((s) => {
          const span = spanOf(s);
          return (
            <div
              key={s.id}
              className={`segment${props.selectedId === s.id ? ' selected' : ''}`}
              style={{ left: pct(span.startNs), width: pct(span.endNs - span.startNs), background: s.color }}
              data-testid="segment"
              data-segment-id={s.id}
              title={`${s.label}${s.instruction ? ` — ${s.instruction}` : ''}`}
              onPointerDown={(e) => {
                props.onSelect(s.id);
                begin(e, { kind: 'move', segment: s, grabNs: timeAt(e.clientX), ...s });
              }}
            >
              <div
                className="edge start"
                onPointerDown={(e) => begin(e, { kind: 'start', segment: s, grabNs: 0, ...s })}
              />
              <span className="segment-label">{s.label || '(no label)'}</span>
              <div
                className="edge end"
                onPointerDown={(e) => begin(e, { kind: 'end', segment: s, grabNs: 0, ...s })}
              />
            </div>
          );
        })}
        {drag?.kind === 'create' && (
          <div
            className="segment creating"
            style={{
              left: pct(Math.min(drag.fromNs, drag.toNs)),
              width: pct(Math.abs(drag.toNs - drag.fromNs)),
            }}
          />
        )}
      </div>
      {props.suggestions.length > 0 && (
        <div className="suggestion-lane" data-testid="suggestion-lane">
          {props.suggestions.map((s) => (
            <div
              key={`${s.startNs}-${s.endNs}`}
              className="segment ghost"
              style={{ left: pct(s.startNs), width: pct(s.endNs - s.startNs) }}
              title={`${s.label}: ${s.reason} — click to accept`}
              data-testid="suggestion"
              onClick={() => props.onAccept(s)}
            >
              <span className="segment-label">{s.label}</span>
              <button
                className="dismiss"
                title="Dismiss"
                onClick={(e) => {
                  e.stopPropagation();
                  props.onDismiss(s);
                }}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      {trim && (
        <>
          <div
            className="trim-handle"
            style={{ left: pct(trim.startNs) }}
            data-testid="trim-start"
            onPointerDown={(e) => begin(e, { kind: 'trim-start', ...trim })}
          />
          <div
            className="trim-handle"
            style={{ left: pct(trim.endNs) }}
            data-testid="trim-end"
            onPointerDown={(e) => begin(e, { kind: 'trim-end', ...trim })}
          />
        </>
      )}
      <div className="playhead" ref={headRef} />
    </div>
  );
}
