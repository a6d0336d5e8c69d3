/**
 * For each point, the distance to its k-th nearest point of another group (row-major `points`,
 * `dim` columns, `group[i]` the group of point i). Exact: points are sorted along their first
 * principal axis and each search walks outwards from its own place, stopping once the gap along
 * that axis alone exceeds the k-th distance found so far. Infinity where fewer than k qualify.
 */
export function kthNearestOtherGroup(
  points: Float64Array,
  dim: number,
  group: Int32Array,
  k: number,
): Float64Array {
  const n = group.length;
  const axis = principalAxis(points, dim, n);
  const proj = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let d = 0; d < dim; d++) p += points[i * dim + d]! * axis[d]!;
    proj[i] = p;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => proj[a]! - proj[b]!);
  const rank = new Int32Array(n);
  order.forEach((p, r) => (rank[p] = r));
  const out = new Float64Array(n);
  const best = new Float64Array(k);
  for (let a = 0; a < n; a++) {
    best.fill(Infinity);
    const offer = (b: number) => {
      if (group[b] === group[a]) return;
      const worst = best[k - 1]!;
      let sq = 0;
      for (let d = 0; d < dim && sq < worst; d++) sq += (points[a * dim + d]! - points[b * dim + d]!) ** 2;
      if (sq >= worst) return;
      let j = k - 1;
      while (j > 0 && best[j - 1]! > sq) {
        best[j] = best[j - 1]!;
        j--;
      }
      best[j] = sq;
    };
    let lo = rank[a]! - 1;
    let hi = rank[a]! + 1;
    while (lo >= 0 || hi < n) {
      const gapLo = lo >= 0 ? (proj[a]! - proj[order[lo]!]!) ** 2 : Infinity;
      const gapHi = hi < n ? (proj[order[hi]!]! - proj[a]!) ** 2 : Infinity;
      if (Math.min(gapLo, gapHi) >= best[k - 1]!) break;
      if (gapLo <= gapHi) offer(order[lo--]!);
      else offer(order[hi++]!);
    }
    out[a] = Math.sqrt(best[k - 1]!);
  }
  return out;
}

/** The unit direction of largest spread (power iteration on the covariance, a few steps). */
function principalAxis(points: Float64Array, dim: number, n: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] = mean[d]! + points[i * dim + d]! / n;
  let v = new Float64Array(dim).fill(1 / Math.sqrt(dim));
  for (let step = 0; step < 20; step++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += (points[i * dim + d]! - mean[d]!) * v[d]!;
      for (let d = 0; d < dim; d++) next[d] = next[d]! + dot * (points[i * dim + d]! - mean[d]!);
    }
    const norm = Math.hypot(...next);
    if (!(norm > 0)) break;
    v = next.map((x) => x / norm);
  }
  return v;
}
