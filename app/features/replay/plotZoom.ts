/** A closed interval of one plot axis, in the axis's units (seconds for time). */
export interface Range {
  min: number;
  max: number;
}

/** Scales `r` by `factor` (< 1 zooms in) about the value `at`, never below `minSpan`. */
export function zoomAbout(r: Range, at: number, factor: number, minSpan = 0): Range {
  const span = r.max - r.min;
  const k = span > 0 ? Math.max(factor, minSpan / span) : factor;
  return { min: at - (at - r.min) * k, max: at + (r.max - at) * k };
}

/** Moves `r` by `fraction` of its own span (positive moves it towards larger values). */
export function panBy(r: Range, fraction: number): Range {
  const d = (r.max - r.min) * fraction;
  return { min: r.min + d, max: r.max + d };
}

/**
 * Keeps `r` inside `limits` and at least `minSpan` wide. A range that fits is shifted back inside,
 * keeping its width (so a pan stops at the edge instead of shrinking); one wider than the limits
 * becomes the limits.
 */
export function clampRange(r: Range, limits: Range | null, minSpan = 0): Range {
  let { min, max } = r.min <= r.max ? r : { min: r.max, max: r.min };
  if (max - min < minSpan) {
    const mid = (min + max) / 2;
    [min, max] = [mid - minSpan / 2, mid + minSpan / 2];
  }
  if (!limits) return { min, max };
  if (max - min >= limits.max - limits.min) return { min: limits.min, max: limits.max };
  if (min < limits.min) return { min: limits.min, max: limits.min + (max - min) };
  if (max > limits.max) return { min: limits.max - (max - min), max: limits.max };
  return { min, max };
}

/** The zoom factor for one wheel event: about 1.25 per notch, scaled for trackpads' small deltas. */
export function wheelFactor(delta: number): number {
  return Math.min(2, Math.max(0.5, Math.exp(delta * 0.0022)));
}

/**
 * Which axes a finished drag selection zooms. uPlot (with `drag.uni`) spans the whole height for a
 * mostly-horizontal drag and the whole width for a mostly-vertical one; a box spans neither.
 */
export function selectionAxes(
  sel: { left: number; top: number; width: number; height: number },
  plot: { width: number; height: number },
): { x: boolean; y: boolean } {
  const whole = (start: number, size: number, full: number) => start <= 0.5 && size >= full - 1;
  return {
    x: sel.width > 0 && !whole(sel.left, sel.width, plot.width),
    y: sel.height > 0 && !whole(sel.top, sel.height, plot.height),
  };
}

/** The y range that fits data from `lo` to `hi` with a margin, also when the data are flat. */
export function fitRange(lo: number, hi: number, margin = 0.05): Range {
  const span = hi - lo;
  const pad = span > 0 ? span * margin : Math.max(Math.abs(lo) * 0.1, 1);
  return { min: lo - pad, max: hi + pad };
}

/**
 * While playing, a zoomed view that the playhead `t` has left pages on: the playhead comes back in
 * a tenth of the way from the edge it is heading to. Null while `t` is in view.
 */
export function followPlayhead(r: Range, t: number, forwards: boolean): Range | null {
  if (t >= r.min && t <= r.max) return null;
  const w = r.max - r.min;
  const min = forwards ? t - 0.1 * w : t - 0.9 * w;
  return { min, max: min + w };
}

function sameRange(a: Range, b: Range): boolean {
  return a.min === b.min && a.max === b.max;
}

/**
 * The time range shared by every plot of a screen, like a synced timeline: zooming or panning time
 * in one plot moves all of them. It is kept inside `limits` and at least `minSpan` wide.
 */
export class SharedRange {
  private current: Range;
  private readonly listeners = new Set<(r: Range) => void>();

  constructor(
    readonly limits: Range,
    readonly minSpan: number,
  ) {
    this.current = { ...limits };
  }

  get range(): Range {
    return this.current;
  }

  onDidChange(listener: (r: Range) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(r: Range): void {
    const next = clampRange(r, this.limits, this.minSpan);
    if (sameRange(next, this.current)) return;
    this.current = next;
    for (const l of this.listeners) l(next);
  }

  reset(): void {
    this.set(this.limits);
  }
}
