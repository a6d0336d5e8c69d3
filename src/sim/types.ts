/** The one interface every built-in simulator implements, and the shapes that rollouts produce. */

export interface EnvSpec {
  readonly name: string;
  /** Column names of the low-dim observation vector, in order. */
  readonly observation: readonly string[];
  /** Column names of the action vector, in order. */
  readonly action: readonly string[];
  readonly controlHz: number;
  readonly maxSteps: number;
  readonly image: { readonly width: number; readonly height: number };
}

export interface StepResult<Obs> {
  obs: Obs;
  reward: number;
  done: boolean;
  success: boolean;
  info: Record<string, unknown>;
}

/** RGB, row-major, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Env<Obs = Float32Array> {
  readonly spec: EnvSpec;
  reset(seed: number): Obs;
  step(action: Float32Array | readonly number[]): StepResult<Obs>;
  render(): RgbImage;
}

/** Anything that maps an observation to an action: an expert, a trained policy, a replay. */
export interface Policy {
  /** Called once per episode before the first act; experts seed their flaw state here. */
  reset?(seed: number): void;
  act(obs: Float32Array): Float32Array;
}
