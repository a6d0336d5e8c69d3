// Motion measures over a numeric series: the building blocks of boundary suggestions. Pure functions
// over float32 row-major values and float64 nanosecond times.

export interface Series {
  columns: readonly string[];
  /** Nanoseconds from episode start, ascending, one per row. */
  timesNs: Float64Array;
  /** Row-major, rows x columns. */
  values: Float32Array;
}

export const rowCount = (s: Series): number => s.timesNs.length;

export function column(s: Series, c: number): Float64Array {
  const n = rowCount(s);
  const w = s.columns.length;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = s.values[r * w + c]!;
  return out;
}

/** Centred moving average over `half` rows each side; the ends use the rows they have. */
export function smooth(x: Float64Array, half: number): Float64Array {
  if (half <= 0) return x.slice();
  const n = x.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + x[i]!;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n, i + half + 1);
    out[i] = (prefix[b]! - prefix[a]!) / (b - a);
  }
  return out;
}

/** Rows covering about `ns` of time at the series' median rate. */
export function rowsFor(s: Series, ns: number): number {
  const n = rowCount(s);
  if (n < 2) return 1;
  const dt = (s.timesNs[n - 1]! - s.timesNs[0]!) / (n - 1);
  return Math.max(1, Math.round(ns / Math.max(dt, 1)));
}

/**
 * Velocity per row of the chosen columns, each scaled by its range over the episode so that
 * degrees, radians and millimetres weigh the same. A column that barely moves is scaled by a
 * quarter of the widest range instead, so its sensor noise does not count as motion. Positions
 * are smoothed over `half` rows each side and differentiated across the same window, per second.
 */
export function scaledVelocity(s: Series, cols: readonly number[], half = 1): Float64Array[] {
  const n = rowCount(s);
  const xs = cols.map((c) => smooth(column(s, c), half));
  const ranges = xs.map((x) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  });
  const widest = Math.max(0, ...ranges);
  return xs.map((x, k) => {
    const range = Math.max(ranges[k]!, widest / 4) || 1;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = Math.max(0, i - half);
      const b = Math.min(n - 1, i + half);
      const dt = (s.timesNs[b]! - s.timesNs[a]!) / 1e9;
      v[i] = dt > 0 ? (x[b]! - x[a]!) / range / dt : 0;
    }
    return v;
  });
}

export function speedOf(velocity: readonly Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const v of velocity) s += v[i]! * v[i]!;
    out[i] = Math.sqrt(s);
  }
  return out;
}

export function quantile(x: Float64Array, q: number): number {
  if (x.length === 0) return 0;
  const sorted = Float64Array.from(x).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]!;
}

/** Maximal runs of rows where `pred` holds, as [first, last] row indices. */
export function runs(n: number, pred: (i: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (pred(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, n - 1]);
  return out;
}
