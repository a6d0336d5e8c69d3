import type { QualitySignal } from '../common/api';
import type { MotionSource } from './sources';

/** What the quality signals read and what they say, independent of the workspace. */

/** A numeric series: `frames x dim` row-major values with one timestamp (ns) per frame. */
export interface Series {
  columns: readonly string[];
  dim: number;
  values: Float32Array;
  timesNs: Float64Array;
}

/** One video stream's timing: per-frame times and the frame runs that did not decode (verify job). */
export interface VideoTiming {
  name: string;
  timesNs: Float64Array;
  /** [first, last] frame indexes that failed to decode, when the video was checked. */
  missing: readonly (readonly [number, number])[];
  /** Stretches where the picture froze or went black (episode ns), when the video was checked. */
  frozen?: readonly (readonly [number, number])[];
  black?: readonly (readonly [number, number])[];
}

/** One episode as the signals see it (inside its trim, times from the episode start). */
export interface EpisodeInput {
  id: string;
  durationNs: number;
  state: Series | null;
  action: Series | null;
  reward: Series | null;
  /** From the data (success/failure tags or a success stream); null when the data does not say. */
  success: boolean | null;
  videos: readonly VideoTiming[];
}

/** A span of an episode a person should look at, and why, in plain words. */
export interface Flag {
  kind: SignalKind;
  reason: string;
  startNs: number;
  endNs: number;
}

// The signal kinds are listed once, in the contract.
export { QUALITY_SIGNALS as SIGNAL_KINDS } from '../common/api';
export type SignalKind = QualitySignal;

/**
 * What one signal found in one episode. `value` is higher for worse (null: the data cannot say);
 * `reason` sums it up; `spans` are where it shows. Whether it counts as a flag is decided against
 * the rest of the task (robust z) or, for absolute signals, by `value > 0`.
 */
export interface SignalResult {
  kind: SignalKind;
  value: number | null;
  reason: string;
  spans: Flag[];
  /**
   * Spans measured on a fixed scale, which a limit in the settings flags on their own however
   * common they are in the task (idle: each pause within the task, by its length in seconds).
   */
  measured?: { size: number; span: Flag }[];
}

/** Dataset-level context the per-episode signals compare against (computed once per dataset). */
export interface DatasetContext {
  /** Typical spread of each state and action column over the dataset (never 0). */
  stateScale: Float32Array | null;
  actionScale: Float32Array | null;
  /** Per state column: the dataset's min and max, and the share of episodes in which it moves. */
  stateMin: Float32Array | null;
  stateMax: Float32Array | null;
  stateMovesIn: Float32Array | null;
  /** Per state column: the share of episodes that reach its min (index 0) and max (index 1). */
  stateAtExtreme: [Float32Array, Float32Array] | null;
  /** Median per-step speed (scaled units) of the action over the dataset. */
  actionSpeed: number;
  /** The series the motion signals read (the pose, else the commands), decided from the schema and rig. */
  source: MotionSource | null;
  /** Per column of the motion series: its dataset spread (integrated rates: magnitude per frame). */
  motionScale: Float32Array | null;
  /** Median per-step speed of the motion series over the dataset (scaled units). */
  motionSpeed: number;
}
