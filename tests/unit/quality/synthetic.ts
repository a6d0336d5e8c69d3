// Synthetic episodes with known pauses, jerks, detours, retries and faults for the signal tests.
import { datasetContext } from '../../../src/quality/context';
import type { DatasetContext, EpisodeInput, Series } from '../../../src/quality/types';
import { mulberry32 } from '../../../src/sim/random';

export const HZ = 10;

/** Minimum-jerk profile from 0 to 1 over [0, 1]. */
export const minJerk = (s: number) => 10 * s ** 3 - 15 * s ** 4 + 6 * s ** 5;

export function times(n: number, hz = HZ): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.round((i * 1e9) / hz));
}

/** A 2-D reach from (0,0) to (1,1) in `n` frames: a smooth minimum-jerk path. */
export function reach(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const p = minJerk(i / (n - 1));
    return [p, p];
  });
}

export function series(rows: number[][], columns: string[], t = times(rows.length)): Series {
  return { columns, dim: columns.length, values: Float32Array.from(rows.flat()), timesNs: t };
}

/** An episode whose state and action are the same rows (a position-controlled robot). */
export function episode(
  id: string,
  rows: number[][],
  o: Partial<EpisodeInput> = {},
  columns = ['x', 'y'],
): EpisodeInput {
  const s = series(rows, columns);
  return {
    id,
    durationNs: s.timesNs[s.timesNs.length - 1]!,
    state: s,
    action: series(rows, columns),
    reward: null,
    success: null,
    videos: [],
    ...o,
  };
}

/** Inserts a pause (the same row repeated) of `steps` frames at frame `at`. */
export function withPause(rows: number[][], at: number, steps: number): number[][] {
  return [...rows.slice(0, at), ...Array.from({ length: steps }, () => [...rows[at]!]), ...rows.slice(at)];
}

export function withNoise(rows: number[][], sigma: number, seed = 1): number[][] {
  const r = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return rows.map((row) => row.map((v) => v + sigma * normal()));
}

/** The context of a dataset of plain reaches (the usual episodes) plus the given ones. */
export function contextWith(...extra: EpisodeInput[]): DatasetContext {
  const usual = Array.from({ length: 10 }, (_, i) => episode(`u${i}`, reach(40 + i)));
  return datasetContext([...usual, ...extra]);
}
