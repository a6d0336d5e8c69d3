// Episode parts as windows of one root recording. Shared by the core (which validates a merge and
// writes parts) and the renderer (which offers Merge and follows the playhead across a split).

/** The stretch `[offsetNs, offsetNs + durationNs)` of the root recording `rootId` an episode shows. */
export interface RecordingWindow {
  id: string;
  rootId: string;
  offsetNs: number;
  durationNs: number;
}

export interface WindowedEpisode {
  id: string;
  durationNs: number;
  origin: { episodeId: string; offsetNs: number } | null;
}

/** An original is the whole of itself; a part is the window its origin columns name. */
export const windowOf = (e: WindowedEpisode): RecordingWindow => ({
  id: e.id,
  rootId: e.origin?.episodeId ?? e.id,
  offsetNs: e.origin?.offsetNs ?? 0,
  durationNs: e.durationNs,
});

/** How a new part is named: the root recording's name and the window in its time, in seconds. */
export function partName(rootName: string, startNs: number, endNs: number): string {
  return `${rootName} ${(startNs / 1e9).toFixed(2)}–${(endNs / 1e9).toFixed(2)} s`;
}

/** A frame-time tolerance for callers that do not know the streams (the renderer's Merge button). */
export const ADJACENT_TOLERANCE_NS = 50_000_000;

/**
 * Why these episodes cannot be merged, or null when they can: two or more parts of one recording,
 * in one dataset, end to end in the recording's time (each ends where the next starts, within
 * `toleranceNs`). On success `sorted` holds them by offset.
 */
export function mergeProblem<E extends WindowedEpisode & { name: string; datasetId: string }>(
  episodes: readonly E[],
  toleranceNs: number,
): { problem: string; sorted?: undefined } | { problem: null; sorted: E[] } {
  if (episodes.length < 2) return { problem: 'select two or more parts of one recording to merge' };
  const twice = episodes.find((e, i) => episodes.findIndex((x) => x.id === e.id) !== i);
  if (twice) return { problem: `episode "${twice.name}" (${twice.id}) is named twice` };
  const whole = episodes.find((e) => e.origin === null);
  if (whole)
    return {
      problem: `only parts of one recording can be merged: "${whole.name}" (${whole.id}) is a whole recording, not a part of one`,
    };
  const first = episodes[0]!;
  const otherDataset = episodes.find((e) => e.datasetId !== first.datasetId);
  if (otherDataset)
    return {
      problem: `"${first.name}" and "${otherDataset.name}" belong to different datasets; merge parts within one dataset`,
    };
  const otherRoot = episodes.find((e) => e.origin!.episodeId !== first.origin!.episodeId);
  if (otherRoot)
    return {
      problem: `only parts of one recording can be merged: "${first.name}" and "${otherRoot.name}" are parts of different recordings`,
    };
  const sorted = [...episodes].sort((a, b) => a.origin!.offsetNs - b.origin!.offsetNs);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    const end = prev.origin!.offsetNs + prev.durationNs;
    const gap = next.origin!.offsetNs - end;
    if (Math.abs(gap) > toleranceNs) {
      const seconds = (Math.abs(gap) / 1e9).toFixed(3);
      return {
        problem:
          gap > 0
            ? `only adjacent parts can be merged: ${seconds} s of the recording lie between "${prev.name}" and "${next.name}"`
            : `only adjacent parts can be merged: "${prev.name}" and "${next.name}" overlap by ${seconds} s`,
      };
    }
  }
  return { problem: null, sorted };
}

/**
 * Where a time of the root recording falls among `windows`: the window that holds it (else the
 * nearest), and the time inside that window.
 */
export function locateInWindows(
  windows: readonly RecordingWindow[],
  rootTimeNs: number,
): { id: string; atNs: number } | null {
  if (windows.length === 0) return null;
  let best = windows[0]!;
  let bestDistance = Infinity;
  for (const w of windows) {
    const distance =
      rootTimeNs < w.offsetNs
        ? w.offsetNs - rootTimeNs
        : rootTimeNs >= w.offsetNs + w.durationNs
          ? rootTimeNs - (w.offsetNs + w.durationNs) + 1
          : 0;
    if (distance < bestDistance) [best, bestDistance] = [w, distance];
  }
  const atNs = Math.min(Math.max(0, rootTimeNs - best.offsetNs), Math.max(0, best.durationNs - 1));
  return { id: best.id, atNs };
}
