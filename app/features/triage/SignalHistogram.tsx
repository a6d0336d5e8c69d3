import { useRef, useState } from 'react';
import { measureOf, type Measure, type Range, type TriageModel } from './triageModel';
import { useTriage } from './useTriage';

const W = 200;
const H = 64;
const BINS = 16;
/** A drag narrower than this many px is a click: it clears the brush. */
const CLICK_PX = 3;

/**
 * The distribution of one measure over the dataset's episodes, the selected ones drawn on top.
 * Dragging across it brushes a range: the list selects the episodes inside every brush.
 */
export function SignalHistogram({
  model,
  measure,
  label,
}: {
  model: TriageModel;
  measure: Measure;
  label: string;
}) {
  useTriage(model, 'rows', 'selection', 'brush');
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const rows = model.rows;
  const values = rows.map((e) => measureOf(e, measure));
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0)
    return (
      <div className="histogram no-values" data-testid="histogram" data-measure={measure}>
        <div className="histogram-title">{label}</div>
        <span className="muted">no values</span>
      </div>
    );
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  const span = hi > lo ? hi - lo : 1;
  const bin = (v: number) => Math.min(BINS - 1, Math.floor(((v - lo) / span) * BINS));
  const all = new Array<number>(BINS).fill(0);
  const sel = new Array<number>(BINS).fill(0);
  values.forEach((v, i) => {
    if (v === null) return;
    all[bin(v)]! += 1;
    if (model.selection.has(rows[i]!.id)) sel[bin(v)]! += 1;
  });
  const top = Math.max(...all);
  const xOf = (v: number) => ((v - lo) / span) * W;
  const valueAt = (x: number) => lo + (Math.max(0, Math.min(W, x)) / W) * span;
  const localX = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    return ((clientX - r.left) / r.width) * W;
  };
  const brush: Range | null = model.brush(measure);
  const shown = drag
    ? { x: Math.min(drag.x0, drag.x1), w: Math.abs(drag.x1 - drag.x0) }
    : brush
      ? { x: xOf(brush.lo), w: Math.max(1, xOf(brush.hi) - xOf(brush.lo)) }
      : null;
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

  return (
    <div className="histogram" data-testid="histogram" data-measure={measure}>
      <div className="histogram-title">
        {label}
        {brush && (
          <button
            className="link-button"
            onClick={() => model.setBrush(measure, null)}
            data-testid="clear-brush"
            title="Clear this range"
          >
            {fmt(brush.lo)}–{fmt(brush.hi)} ×
          </button>
        )}
      </div>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        data-testid="histogram-plot"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const x = localX(e.clientX);
          setDrag({ x0: x, x1: x });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, x1: localX(e.clientX) })}
        onPointerUp={(e) => {
          if (!drag) return;
          const x1 = localX(e.clientX);
          setDrag(null);
          if (Math.abs(x1 - drag.x0) < CLICK_PX) return model.setBrush(measure, null);
          // The brush covers whole bins, so a drag across a bar takes every episode in it.
          const b0 = Math.floor((Math.min(drag.x0, x1) / W) * BINS);
          const b1 = Math.ceil((Math.max(drag.x0, x1) / W) * BINS);
          model.setBrush(measure, { lo: valueAt((b0 / BINS) * W), hi: valueAt((b1 / BINS) * W) });
        }}
      >
        {all.map((n, i) => {
          const h = (n / top) * (H - 4);
          const s = (sel[i]! / top) * (H - 4);
          const x = (i / BINS) * W;
          return (
            <g key={i}>
              <rect className="bar" x={x + 0.5} y={H - h} width={W / BINS - 1} height={h} />
              {s > 0 && (
                <rect className="bar selected" x={x + 0.5} y={H - s} width={W / BINS - 1} height={s} />
              )}
            </g>
          );
        })}
        {shown && <rect className="brush" x={shown.x} y={0} width={shown.w} height={H} />}
      </svg>
      <div className="histogram-axis muted">
        <span>{fmt(lo)}</span>
        <span>{present.length} ep</span>
        <span>{fmt(hi)}</span>
      </div>
    </div>
  );
}
