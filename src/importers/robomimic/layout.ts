// robomimic's HDF5 layout (robomimic `docs/datasets/overview.md`): `data/demo_N` groups with
// `obs/<key>`, `actions`, `rewards`, `dones`, `states` (and `next_obs/<key>`); `data` attributes
// `env_args` (JSON) and `total`; each demo's `num_samples`; `mask/<name>`: demo names as byte strings.

/** Stream names of a demo's datasets, following the field's LeRobot-like names. */
export const ACTION_STREAM = 'action';
export const REWARD_STREAM = 'next.reward';
export const DONE_STREAM = 'next.done';
/** The simulator states robomimic replays demos from: not an observation, kept under their own name. */
export const STATES_STREAM = 'states';
export const OBS_PREFIX = 'observation.';
export const IMAGE_PREFIX = 'observation.images.';
/** `next_obs/<key>`: the observation after each step, under LeRobot's `next.*` convention. */
export const NEXT_OBS_PREFIX = 'next.observation.';
export const NEXT_IMAGE_PREFIX = 'next.observation.images.';

/**
 * The groups of a demo that hold observations, and the stream names their keys get: each keeps its
 * key, so robomimic's `obs_keys` still name it after a round trip.
 */
export const OBS_GROUPS = [
  { group: 'obs', series: OBS_PREFIX, images: IMAGE_PREFIX },
  { group: 'next_obs', series: NEXT_OBS_PREFIX, images: NEXT_IMAGE_PREFIX },
] as const;

/** Where a stream's values go in a demo group (`obs/<key>`, `next_obs/<key>`), or null. */
export function obsDataset(name: string): string | null {
  // The longer prefixes first: `observation.images.x` is obs/x, not obs/images.x.
  const order = [...OBS_GROUPS].reverse().flatMap((g) => [
    [g.images, g.group],
    [g.series, g.group],
  ]);
  for (const [prefix, group] of order) {
    if (name.startsWith(prefix!)) return `${group}/${name.slice(prefix!.length)}`;
  }
  return null;
}

/** The most steps one demo may have (over a day at 100 Hz): more is a damaged shape. */
export const MAX_DEMO_STEPS = 10_000_000;
/** The widest low-dimensional dataset row. */
export const MAX_ROW_WIDTH = 100_000;
/** The largest image side, and the most image bytes of one camera of one demo read into memory. */
export const MAX_IMAGE_SIDE = 4096;
export const MAX_IMAGE_BYTES = 2 ** 31 - 1;

export const HDF5_EXTENSIONS = ['.hdf5', '.h5'];
