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

/** A low-dimensional observation keeps its key, so robomimic's `obs_keys` still name it after a round trip. */
export const obsStream = (key: string) => `${OBS_PREFIX}${key}`;
export const imageStream = (key: string) => `${IMAGE_PREFIX}${key}`;

/** The most steps one demo may have (over a day at 100 Hz): more is a damaged shape. */
export const MAX_DEMO_STEPS = 10_000_000;
/** The widest low-dimensional dataset row. */
export const MAX_ROW_WIDTH = 100_000;
/** The largest image side, and the most image bytes of one camera of one demo read into memory. */
export const MAX_IMAGE_SIDE = 4096;
export const MAX_IMAGE_BYTES = 2 ** 31 - 1;

export const HDF5_EXTENSIONS = ['.hdf5', '.h5'];
