/** LeRobot's per-feature statistics: per column min, max, mean, std (population) and the row count. */
export interface FeatureStats {
  min: number[];
  max: number[];
  mean: number[];
  std: number[];
  count: number[];
}

export function statsOf(values: ArrayLike<number>, width: number): FeatureStats {
  const n = Math.floor(values.length / width);
  const min = Array<number>(width).fill(Infinity);
  const max = Array<number>(width).fill(-Infinity);
  const sum = Array<number>(width).fill(0);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < width; c++) {
      const v = values[r * width + c]!;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
      sum[c]! += v;
    }
  }
  const mean = sum.map((s) => s / n);
  const sq = Array<number>(width).fill(0);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < width; c++) sq[c]! += (values[r * width + c]! - mean[c]!) ** 2;
  }
  return { min, max, mean, std: sq.map((s) => Math.sqrt(s / n)), count: [n] };
}

/** Several episodes' statistics as one (LeRobot's `aggregate_stats`: weighted mean, pooled variance). */
export function aggregateStats(parts: FeatureStats[]): FeatureStats {
  const total = parts.reduce((a, p) => a + p.count[0]!, 0);
  const width = parts[0]!.min.length;
  const col = (
    f: (p: FeatureStats, c: number) => number,
    join: (a: number, b: number) => number,
    from: number,
  ) => Array.from({ length: width }, (_, c) => parts.reduce((a, p) => join(a, f(p, c)), from));
  const mean = col(
    (p, c) => (p.mean[c]! * p.count[0]!) / total,
    (a, b) => a + b,
    0,
  );
  const variance = col(
    (p, c) => (p.count[0]! * (p.std[c]! ** 2 + (p.mean[c]! - mean[c]!) ** 2)) / total,
    (a, b) => a + b,
    0,
  );
  return {
    min: col((p, c) => p.min[c]!, Math.min, Infinity),
    max: col((p, c) => p.max[c]!, Math.max, -Infinity),
    mean,
    std: variance.map(Math.sqrt),
    count: [total],
  };
}
