import type uPlot from 'uplot';
import { wheelFactor } from './plotZoom';

/** Pointer travel in CSS px below which a press and release is a click, not a drag. */
export const CLICK_SLOP = 5;

/** What the pointer asks of a plot, in the plot's own values. */
export interface PlotGestures {
  /** The wheel turned: zoom time by `factor` (< 1 zooms in) about the time `at`. */
  zoomX(at: number, factor: number): void;
  /** Shift+wheel, or the wheel over the y axis: zoom y about the value `at`. */
  zoomY(at: number, factor: number): void;
  /** A pan began; the returned function gets the pointer's travel in fractions of the plot area. */
  pan(): (dx: number, dy: number) => void;
  /** A plain click at the time `at`. */
  click(at: number): void;
  /** A double-click. */
  reset(): void;
}

/** True for a press that pans: the middle button, or the left one with Ctrl/⌘. */
export function isPanPress(e: MouseEvent): boolean {
  return e.button === 1 || (e.button === 0 && (e.ctrlKey || e.metaKey));
}

/**
 * Wires the wheel, pan, click and double-click of a uPlot chart inside `host` (its root plus the
 * axes around the plotting area) to `g`, until `signal` aborts. Box zoom stays uPlot's own drag.
 */
export function bindGestures(plot: uPlot, host: HTMLElement, g: PlotGestures, signal: AbortSignal): void {
  const over = plot.over;
  const within = (v: number, size: number) => Math.min(size, Math.max(0, v));

  host.addEventListener(
    'wheel',
    (e) => {
      const box = over.getBoundingClientRect();
      // Chromium turns Shift+wheel into a horizontal scroll on some platforms.
      const raw = e.shiftKey ? e.deltaY || e.deltaX : e.deltaY;
      const delta = raw * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? box.height : 1);
      if (!delta) return;
      e.preventDefault();
      const k = wheelFactor(delta);
      if (e.shiftKey || e.clientX < box.left)
        g.zoomY(plot.posToVal(within(e.clientY - box.top, box.height), 'y'), k);
      else g.zoomX(plot.posToVal(within(e.clientX - box.left, box.width), 'x'), k);
    },
    { passive: false, signal },
  );

  // The view follows the pointer, one update per frame, until the button that started it is released.
  const pan = (down: MouseEvent) => {
    const move = g.pan();
    const { width, height } = over.getBoundingClientRect();
    const panning = new AbortController();
    let last = down;
    let frame = 0;
    const apply = () => {
      frame = 0;
      move((last.clientX - down.clientX) / width, (last.clientY - down.clientY) / height);
    };
    const end = () => {
      cancelAnimationFrame(frame);
      host.classList.remove('panning');
      panning.abort();
    };
    host.classList.add('panning');
    const opts = { signal: panning.signal };
    window.addEventListener(
      'mousemove',
      (e) => {
        last = e;
        frame ||= requestAnimationFrame(apply);
      },
      opts,
    );
    window.addEventListener(
      'mouseup',
      (e) => {
        if (e.button !== down.button) return;
        last = e;
        apply();
        end();
      },
      opts,
    );
    signal.addEventListener('abort', end, opts);
  };

  let press: { x: number; y: number } | null = null;
  over.addEventListener(
    'mousedown',
    (e) => {
      press = null;
      if (isPanPress(e)) {
        e.preventDefault();
        pan(e);
      } else if (e.button === 0) press = { x: e.clientX, y: e.clientY };
    },
    { signal },
  );
  over.addEventListener(
    'mouseup',
    (e) => {
      if (e.button !== 0 || !press) return;
      const moved = Math.max(Math.abs(e.clientX - press.x), Math.abs(e.clientY - press.y));
      press = null;
      if (moved < CLICK_SLOP) g.click(plot.posToVal(e.clientX - over.getBoundingClientRect().left, 'x'));
    },
    { signal },
  );
  // Ctrl+click is a right click on macOS: no menu over a pan.
  over.addEventListener('contextmenu', (e) => e.ctrlKey && e.preventDefault(), { signal });
  over.addEventListener('dblclick', () => g.reset(), { signal });
}
