import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlaybackClock } from './clock';
import type { SeriesSource } from './seriesSource';

const COLORS = ['#4c8dff', '#f0a23a', '#45b97c', '#ef5d5d', '#b07cff', '#35c6d0', '#e3e7ee', '#d6c04a'];

/**
 * Columns of one series stream in uPlot, with a cursor line on the clock's time. Drag selects a
 * time range to zoom, double-click zooms out, the wheel zooms about the pointer, a click seeks.
 * Rows arrive chunk by chunk; the plot redraws as they do.
 */
export function PlotPanel(props: { source: SeriesSource; clock: PlaybackClock; height: number }) {
  const { source, clock, height } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    const host = hostRef.current!;
    const durationS = source.stream.durationNs / 1e9;
    let downX = -1;
    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height,
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: true }, y: false, points: { show: false } },
      scales: { x: { time: false, min: 0, max: durationS } },
      axes: [
        { stroke: '#8b95a5', grid: { stroke: '#2d3440' }, ticks: { stroke: '#2d3440' } },
        { stroke: '#8b95a5', grid: { stroke: '#2d3440' }, ticks: { stroke: '#2d3440' }, size: 48 },
      ],
      series: [
        {},
        ...source.columns.map((c, i) => ({
          label: c,
          stroke: COLORS[i % COLORS.length],
          width: 1.25,
          show: !hidden.has(i),
        })),
      ],
      hooks: {
        ready: [
          (u) => {
            u.over.addEventListener('mousedown', (e) => (downX = e.offsetX));
            u.over.addEventListener('mouseup', (e) => {
              if (Math.abs(e.offsetX - downX) < 3) clock.seek(u.posToVal(e.offsetX, 'x') * 1e9);
            });
            u.over.addEventListener(
              'wheel',
              (e) => {
                e.preventDefault();
                const x = u.posToVal(e.offsetX, 'x');
                const { min = 0, max = durationS } = u.scales.x!;
                const k = e.deltaY > 0 ? 1.25 : 0.8;
                const lo = Math.max(0, x - (x - min) * k);
                const hi = Math.min(durationS, x + (max - x) * k);
                u.setScale('x', { min: lo, max: hi });
              },
              { passive: false },
            );
          },
        ],
        setScale: [() => placeCursor()],
      },
    };
    const data = (): uPlot.AlignedData => {
      const { times, columns } = source.columnsForPlot();
      return [times, ...columns] as unknown as uPlot.AlignedData;
    };
    const plot = new uPlot(opts, data(), host);
    plot.over.addEventListener('dblclick', () => plot.setScale('x', { min: 0, max: durationS }));
    const placeCursor = () => {
      const el = cursorRef.current;
      if (!el || !plot) return;
      const x = plot.valToPos(clock.timeNs / 1e9, 'x');
      const visible = x >= 0 && x <= plot.over.clientWidth;
      const over = plot.over.getBoundingClientRect();
      const hostBox = host.getBoundingClientRect();
      el.style.display = visible ? 'block' : 'none';
      el.style.transform = `translateX(${over.left - hostBox.left + x}px)`;
      el.style.top = `${over.top - hostBox.top}px`;
      el.style.height = `${over.height}px`;
    };
    // Redraw at most a few times a second while chunks stream in.
    let pending = 0;
    const offLoad = source.onDidLoad(() => {
      if (pending) return;
      pending = window.setTimeout(() => {
        pending = 0;
        plot.setData(data(), false);
        plot.redraw();
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
      clearTimeout(pending);
      offLoad();
      offClock();
      resize.disconnect();
      plot.destroy();
    };
  }, [source, clock, height, hidden]);

  return (
    <div className="panel plot-panel" data-testid="plot-panel" data-stream={source.stream.name}>
      <div className="panel-bar">
        <span>{source.stream.name}</span>
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
      </div>
      <div className="plot-host" ref={hostRef}>
        <div className="plot-cursor" ref={cursorRef} />
      </div>
    </div>
  );
}
