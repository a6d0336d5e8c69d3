/**
 * Area under the ROC curve of `scores` for telling `positive` items from the others (ties count
 * half): the chance that a random positive scores above a random negative. NaN without both classes.
 */
export function auroc(scores: readonly number[], positive: readonly boolean[]): number {
  const items = scores.map((s, i) => ({ s, p: positive[i] === true })).sort((a, b) => a.s - b.s);
  const nPos = items.filter((x) => x.p).length;
  const nNeg = items.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  // Mann-Whitney U from average ranks.
  let rankSum = 0;
  for (let i = 0; i < items.length;) {
    let j = i;
    while (j + 1 < items.length && items[j + 1]!.s === items[i]!.s) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (items[k]!.p) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * AUROC within length-matched groups: episodes are sorted by length and cut into `groups` of equal
 * size; the AUROC of each group (with both classes) is averaged, weighted by its positive x negative
 * pairs. A score that only detects length gets about 0.5 here.
 */
export function lengthMatchedAuroc(
  scores: readonly number[],
  positive: readonly boolean[],
  lengths: readonly number[],
  groups: number,
): number {
  const order = lengths.map((l, i) => ({ l, i })).sort((a, b) => a.l - b.l || a.i - b.i);
  let weighted = 0;
  let weights = 0;
  for (let g = 0; g < groups; g++) {
    const part = order.slice(
      Math.floor((g * order.length) / groups),
      Math.floor(((g + 1) * order.length) / groups),
    );
    const s = part.map((x) => scores[x.i]!);
    const p = part.map((x) => positive[x.i]!);
    const a = auroc(s, p);
    if (Number.isNaN(a)) continue;
    const nPos = p.filter(Boolean).length;
    const w = nPos * (p.length - nPos);
    weighted += a * w;
    weights += w;
  }
  return weights > 0 ? weighted / weights : NaN;
}
