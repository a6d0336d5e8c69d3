/**
 * Rate of change per second of each column, by central differences over the actual sample times
 * (one-sided at the ends), for plotting a derived velocity. `times` are seconds.
 */
export function timeDerivative(times: Float64Array, columns: readonly Float64Array[]): Float64Array[] {
  const n = times.length;
  return columns.map((col) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = i > 0 ? i - 1 : i;
      const b = i < n - 1 ? i + 1 : i;
      const dt = times[b]! - times[a]!;
      out[i] = dt > 0 ? (col[b]! - col[a]!) / dt : 0;
    }
    return out;
  });
}
