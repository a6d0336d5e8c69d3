/** A speed series as a small line; `max` is the dataset's top speed so rows compare. */
export function Sparkline({ values, max }: { values: readonly number[]; max: number }) {
  const w = 120;
  const h = 28;
  if (values.length < 2 || max <= 0)
    return <svg className="sparkline no-values" width={w} height={h} aria-label="no speed series" />;
  const points = values
    .map(
      (v, i) =>
        `${((i / (values.length - 1)) * w).toFixed(1)},${(h - 1 - (Math.min(v, max) / max) * (h - 2)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg className="sparkline" width={w} height={h} data-testid="sparkline" aria-label="speed over time">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.2} />
    </svg>
  );
}
