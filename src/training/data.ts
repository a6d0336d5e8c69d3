import { Rng } from './rng';

/** Images stored as uint8 HWC frames, one per observation row. */
export interface ImageFrames {
  data: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

/** A dataset in contiguous arrays: row i of obs/actions/images is frame i; episodes are row ranges. */
export interface TrainingData {
  obs: Float32Array;
  actions: Float32Array;
  obsDim: number;
  actDim: number;
  /** First row of each episode, ascending, starting at 0. */
  episodeStarts: ArrayLike<number>;
  images?: ImageFrames;
}

export interface EpisodeRange {
  start: number;
  end: number;
}

export function frameCount(data: TrainingData): number {
  return data.obsDim > 0 ? data.obs.length / data.obsDim : data.actions.length / data.actDim;
}

/** Throws an error naming the first inconsistency, before any training work starts. */
export function validateData(data: TrainingData): void {
  const fail = (problem: string): never => {
    throw new Error(`training data: ${problem}`);
  };
  if (!Number.isInteger(data.obsDim) || data.obsDim < 0)
    fail(`obsDim must be a non-negative integer, got ${data.obsDim}`);
  if (!Number.isInteger(data.actDim) || data.actDim < 1)
    fail(`actDim must be a positive integer, got ${data.actDim}`);
  const n = data.actions.length / data.actDim;
  if (!Number.isInteger(n) || n < 1)
    fail(`actions length ${data.actions.length} is not a multiple of actDim ${data.actDim}`);
  if (data.obs.length !== n * data.obsDim)
    fail(`obs has ${data.obs.length} values, expected ${n} frames x ${data.obsDim}`);
  if (data.episodeStarts.length < 1 || data.episodeStarts[0] !== 0) fail('episodeStarts must start with 0');
  for (let i = 1; i < data.episodeStarts.length; i++) {
    const prev = data.episodeStarts[i - 1] as number;
    const cur = data.episodeStarts[i] as number;
    if (!(cur > prev) || cur >= n) fail(`episodeStarts[${i}] = ${cur} is not ascending within ${n} frames`);
  }
  const img = data.images;
  if (img !== undefined && img.data.length !== n * img.height * img.width * img.channels) {
    fail(
      `images have ${img.data.length} bytes, expected ${n} frames x ${img.height}x${img.width}x${img.channels}`,
    );
  }
  for (const [name, arr] of [
    ['obs', data.obs],
    ['actions', data.actions],
  ] as const) {
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) fail(`${name}[${i}] is not finite`);
  }
}

export function episodeRanges(data: TrainingData): EpisodeRange[] {
  const n = frameCount(data);
  const starts = Array.from(data.episodeStarts);
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? n }));
}

/**
 * Splits episodes (never frames of one episode) into train and validation, seeded. With two or
 * more episodes and valFraction > 0, at least one goes to validation and at least one to training.
 */
export function splitEpisodes(
  count: number,
  valFraction: number,
  seed: number,
): { train: number[]; val: number[] } {
  const order = new Rng(seed ^ 0x5eed).shuffle(Array.from({ length: count }, (_, i) => i));
  let nVal = Math.round(count * Math.min(Math.max(valFraction, 0), 1));
  if (valFraction > 0 && count >= 2) nVal = Math.min(Math.max(nVal, 1), count - 1);
  if (count < 2) nVal = 0;
  const val = order.slice(0, nVal).sort((a, b) => a - b);
  const train = order.slice(nVal).sort((a, b) => a - b);
  return { train, val };
}

/** Row indices of the given episodes. */
export function framesOf(ranges: EpisodeRange[], episodes: number[]): number[] {
  const out: number[] = [];
  for (const e of episodes) {
    const r = ranges[e];
    if (r !== undefined) for (let i = r.start; i < r.end; i++) out.push(i);
  }
  return out;
}

/** For each row, the first row of its episode (history windows are clipped there). */
export function episodeStartOfFrame(ranges: EpisodeRange[], frames: number): Int32Array {
  const out = new Int32Array(frames);
  for (const r of ranges) out.fill(r.start, r.start, r.end);
  return out;
}
