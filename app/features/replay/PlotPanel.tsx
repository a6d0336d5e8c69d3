import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlaybackClock } from './clock';
import { bindGestures, CLICK_SLOP, isPanPress } from './plotGestures';
import {
  clampRange,
  fitRange,
  panBy,
  selectionAxes,
  zoomAbout,
  type Range,
  type SharedRange,
} from './plotZoom';
import { timeDerivative } from './derive';
import type { SeriesSource } from './seriesSource';
import { frameAt } from './frames';

/**
 * Values drawn over a plot's columns, e.g. the labels given for an action: one row per time of
 * `timesNs`, `columns` values each (null where there is none, drawn as a gap).
 */
export interface PlotOverlay {
  label: string;
  timesNs: Float64Array;
  columns: number;
  values: readonly (number | null)[];
}

const COLORS = ['#4c8dff', '#f0a23a', '#45b97c', '#ef5d5d', '#b07cff', '#35c6d0', '#e3e7ee', '#d6c04a'];
/** A drag less than this many CSS px tall zooms time only; one less wide zooms y only. */
const UNI_DRAG = 20;
const Y_MIN_SPAN = 1e-6;
const HELP =
  'Drag: zoom a box (flat: time, tall: y) · Wheel: zoom time · Shift+wheel or wheel over the y axis: ' +
  'zoom y · Ctrl/⌘+drag or middle-drag: pan · Double-click: reset · Click: seek';

/**
 * Columns of one series stream in uPlot, with a cursor line on the clock's time. Drag zooms a box,
 * the wheel zooms time (Shift: y) about the pointer, Ctrl/⌘+drag or the middle button pans,
 * double-click resets, a click seeks. Time is the screen's shared range, so every plot zooms
 * together; y fits the visible data until the user zooms it. Rows arrive chunk by chunk; the plot
 * redraws as they do.
 */
export function PlotPanel(props: {
  source: SeriesSource;
  clock: PlaybackClock;
  timeRange: SharedRange;
  height: number;
  /** Plot each column's rate of change per second instead of its value. */
  velocity: boolean;
  onVelocity(on: boolean): void;
  /** Drawn thick over the columns of the same index (not with `velocity`). */
  overlay?: PlotOverlay | null;
}) {
  const { source, clock, timeRange, height, velocity, onVelocity } = props;
  const overlay = velocity ? null : (props.overlay ?? null);
  const hostRef = useRef<HTMLDivElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  // The y range the user zoomed or panned to; null while y fits the data. Kept across re-creations.
  const userY = useRef<Range | null>(null);
  const [yZoomed, setYZoomed] = useState(false);
  const fitY = useRef(() => {});

  useEffect(() => {
    const host = hostRef.current!;
    const events = new AbortController();
    const visibleY = (): Range => ({ min: plot.scales.y!.min ?? -1, max: plot.scales.y!.max ?? 1 });
    const setY = (r: Range | null) => {
      userY.current = r && clampRange(r, null, Y_MIN_SPAN);
      setYZoomed(r !== null);
      if (userY.current) plot.setScale('y', userY.current);
      // Setting x re-fits every scale that is not fixed: y, now that it is free again.
      else plot.setScale('x', timeRange.range);
    };
    fitY.current = () => setY(null);

    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height,
      legend: { show: false },
      cursor: {
        drag: { x: true, y: true, uni: UNI_DRAG, dist: CLICK_SLOP, setScale: false },
        y: false,
        points: { show: false },
        bind: {
          // A box starts only on a plain left press: Ctrl/⌘ or the middle button pan instead.
          mousedown: (_u, targ, handler) => (e) => {
            if (e.button === 0 && !isPanPress(e) && e.target === targ) handler(e);
            return null;
          },
          dblclick: () => null,
        },
      },
      scales: {
        x: { time: false, auto: false, ...timeRange.range },
        y: {
          auto: () => userY.current === null,
          range: (_u, lo, hi) => {
            const r = userY.current ?? (lo == null || hi == null ? { min: -1, max: 1 } : fitRange(lo, hi));
            return [r.min, r.max];
          },
        },
      },
      axes: [
        { stroke: '#8b95a5', grid: { stroke: '#2d3440' }, ticks: { stroke: '#2d3440' } },
        { stroke: '#8b95a5', grid: { stroke: '#2d3440' }, ticks: { stroke: '#2d3440' }, size: 48, space: 20 },
      ],
      series: [
        {},
        ...source.columns.map((c, i) => ({
          label: c,
          stroke: COLORS[i % COLORS.length],
          width: 1.25,
          show: !hidden.has(i),
        })),
        ...Array.from({ length: overlay?.columns ?? 0 }, (_, i) => ({
          label: `${overlay!.label} ${source.columns[i] ?? i}`,
          stroke: COLORS[i % COLORS.length],
          width: 4,
          dash: [6, 3],
          show: !hidden.has(i),
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            const sel = { ...u.select };
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            const zoom = selectionAxes(sel, { width: u.over.clientWidth, height: u.over.clientHeight });
            if (zoom.x)
              timeRange.set({ min: u.posToVal(sel.left, 'x'), max: u.posToVal(sel.left + sel.width, 'x') });
            if (zoom.y) setY({ min: u.posToVal(sel.top + sel.height, 'y'), max: u.posToVal(sel.top, 'y') });
          },
        ],
        setScale: [
          (u, key) => {
            const s = u.scales[key];
            if ((key === 'x' || key === 'y') && s?.min != null && s.max != null) {
              host.dataset[`${key}Min`] = String(s.min);
              host.dataset[`${key}Max`] = String(s.max);
            }
            placeCursor();
          },
        ],
      },
    };
    const data = (): uPlot.AlignedData => {
      const { times, columns } = source.columnsForPlot();
      return [
        times,
        ...(velocity ? timeDerivative(times, columns) : columns),
        ...overlayColumns(overlay, times),
      ] as unknown as uPlot.AlignedData;
    };
    const plot = new uPlot(opts, data(), host);

    const placeCursor = () => {
      const el = cursorRef.current;
      if (!el) return;
      const x = plot.valToPos(clock.timeNs / 1e9, 'x');
      const visible = x >= 0 && x <= plot.over.clientWidth;
      const over = plot.over.getBoundingClientRect();
      const hostBox = host.getBoundingClientRect();
      el.style.display = visible ? 'block' : 'none';
      // Counted for the replay bench: how often the cursor follows the clock.
      el.dataset.moves = String(Number(el.dataset.moves ?? 0) + 1);
      el.style.transform = `translateX(${over.left - hostBox.left + x}px)`;
      el.style.top = `${over.top - hostBox.top}px`;
      el.style.height = `${over.height}px`;
    };

    bindGestures(
      plot,
      host,
      {
        zoomX: (at, k) => timeRange.set(zoomAbout(timeRange.range, at, k, timeRange.minSpan)),
        zoomY: (at, k) => setY(zoomAbout(visibleY(), at, k, Y_MIN_SPAN)),
        pan: () => {
          const x0 = timeRange.range;
          const y0 = visibleY();
          return (dx, dy) => {
            timeRange.set(panBy(x0, -dx));
            // y stays fitted to the data until the pan actually moves it.
            if (dy !== 0 || userY.current) setY(panBy(y0, dy));
          };
        },
        click: (t) => clock.seek(t * 1e9),
        reset: () => {
          timeRange.reset();
          setY(null);
        },
      },
      events.signal,
    );

    const offRange = timeRange.onDidChange((r) => plot.setScale('x', r));
    // Redraw at most a few times a second while chunks stream in; new rows re-fit a free y.
    let pending = 0;
    const offLoad = source.onDidLoad(() => {
      if (pending) return;
      pending = window.setTimeout(() => {
        pending = 0;
        plot.setData(data());
        host.dataset.rows = String(plot.data[0].length);
      }, 150);
    });
    const offClock = clock.onDidChange(placeCursor);
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(200, host.clientWidth), height });
      placeCursor();
    });
    resize.observe(host);
    host.dataset.rows = String(plot.data[0].length);
    placeCursor();
    void source.loadAll(Math.floor((clock.timeNs / Math.max(1, source.stream.durationNs)) * source.rows));
    return () => {
      events.abort();
      clearTimeout(pending);
      offRange();
      offLoad();
      offClock();
      resize.disconnect();
      plot.destroy();
    };
  }, [source, clock, timeRange, height, hidden, velocity, overlay]);

  return (
    <div
      className="panel plot-panel"
      data-testid="plot-panel"
      data-stream={source.stream.name}
      data-overlay={overlay ? overlay.values.filter((v) => v !== null).length : undefined}
    >
      <div className="panel-bar">
        <span>
          {source.stream.name}
          {velocity && <span className="muted"> · velocity (/s)</span>}
        </span>
        <span className="plot-legend">
          {source.columns.map((c, i) => (
            <label key={c} style={{ color: COLORS[i % COLORS.length] }}>
              <input
                type="checkbox"
                checked={!hidden.has(i)}
                onChange={() =>
                  setHidden((h) => {
                    const next = new Set(h);
                    if (next.has(i)) next.delete(i);
                    else next.add(i);
                    return next;
                  })
                }
              />
              {c}
            </label>
          ))}
        </span>
        <span className="plot-tools">
          <button
            className={`plot-fit${velocity ? ' active' : ''}`}
            onClick={() => {
              // Values and rates have different units: y fits the data again.
              userY.current = null;
              setYZoomed(false);
              onVelocity(!velocity);
            }}
            aria-pressed={velocity}
            data-testid="plot-velocity"
            title="Plot the rate of change per second of each column (derived velocity)"
          >
            d/dt
          </button>
          <button
            className="plot-fit"
            onClick={() => fitY.current()}
            disabled={!yZoomed}
            data-testid="plot-fit"
            title="Fit y to the data in view"
          >
            Fit
          </button>
          <span className="plot-help" title={HELP}>
            ?
          </span>
        </span>
      </div>
      <div className="plot-host" ref={hostRef}>
        <div className="plot-cursor" ref={cursorRef} />
      </div>
    </div>
  );
}

/** The overlay's values at each plotted time (seconds): a gap where it has no row at that time. */
function overlayColumns(overlay: PlotOverlay | null, times: Float64Array): (number | null)[][] {
  if (!overlay) return [];
  const out = Array.from({ length: overlay.columns }, () =>
    new Array<number | null>(times.length).fill(null),
  );
  for (let r = 0; r < times.length; r++) {
    const t = times[r]! * 1e9;
    const f = frameAt(overlay.timesNs, t);
    if (Math.abs(overlay.timesNs[f]! - t) > 1e4) continue;
    for (let c = 0; c < overlay.columns; c++) out[c]![r] = overlay.values[f * overlay.columns + c] ?? null;
  }
  return out;
}
