// Small robomimic HDF5 files made and read back by h5py (Debian's python3-h5py, run by the
// system Python: a pyenv `python3` may lack it). The layout is robomimic's: data/demo_N with obs/*,
// actions, rewards, dones, states; data attrs env_args and total; num_samples; mask/<name>.
import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

export interface DemoSpec {
  name: string;
  steps: number;
  /** Datasets left out (`actions`, `obs/robot0_eef_pos` …). */
  omit?: string[];
  /** Rows of a dataset other than `steps` (mismatched lengths). */
  rows?: Record<string, number>;
  /** A dataset written with this shape instead (absurd shapes). */
  shapes?: Record<string, number[]>;
  /** num_samples other than `steps`. */
  numSamples?: number;
}

export interface RobomimicSpec {
  demos: DemoSpec[];
  /** JSON-able env_args, or null for none. */
  envArgs?: unknown;
  masks?: Record<string, string[]>;
  /** Cameras: uint8 images of this side (0: none). */
  imageSide?: number;
  seed?: number;
  /** A float depth map obs, [8, 8, 1] per step. */
  depth?: boolean;
  /** data's total attribute other than the sum of the steps. */
  total?: number;
  /** next_obs/<key> beside each obs/<key> (the observation after each step). */
  nextObs?: boolean;
}

/** The default env_args: robosuite's Lift at 20 Hz. */
export const LIFT_ENV_ARGS = {
  env_name: 'Lift',
  type: 1,
  env_kwargs: { control_freq: 20, robots: ['Panda'] },
};

const MAKE = String.raw`
import h5py, json, sys, numpy as np
spec = json.loads(sys.argv[2])
rng = np.random.default_rng(spec.get('seed', 0))
side = spec.get('imageSide', 0)
def f32(*shape):
    # float32 values stored as float64, as robomimic keeps actions: exact through the studio's float32.
    return rng.standard_normal(shape).astype(np.float32).astype(np.float64)
with h5py.File(sys.argv[1], 'w') as f:
    data = f.create_group('data')
    total = 0
    for d in spec['demos']:
        n = d['steps']; rows = d.get('rows', {}); shapes = d.get('shapes', {}); omit = set(d.get('omit', []))
        g = data.create_group(d['name'])
        def put(key, make, shape_tail):
            if key in omit: return
            shape = shapes.get(key, [rows.get(key, n)] + shape_tail)
            g.create_dataset(key, data=make(shape), shape=shape) if 0 not in shape and np.prod(shape) < 50_000_000 else g.create_dataset(key, shape=shape, dtype='f8')
        put('actions', lambda s: f32(*s), [7])
        put('rewards', lambda s: (rng.random(s) < 0.3).astype(np.float64), [])
        put('dones', lambda s: np.zeros(s, dtype=np.int64), [])
        put('states', lambda s: f32(*s), [10])
        put('obs/robot0_eef_pos', lambda s: f32(*s).astype(np.float32), [3])
        put('obs/object', lambda s: f32(*s), [10])
        put('obs/robot0_gripper_qpos', lambda s: f32(*s), [2])
        if spec.get('depth'):
            put('obs/agentview_depth', lambda s: rng.random(s).astype(np.float32), [8, 8, 1])
        if side:
            def image(s):
                # Smooth gradients that move with the step: H.264 keeps them close.
                y, x = np.mgrid[0:s[1], 0:s[2]]
                frames = [np.stack([(x * 4 + t * 3) % 256, (y * 4 + t * 5) % 256, np.full_like(x, (t * 7) % 256)], -1) for t in range(s[0])]
                return np.array(frames, dtype=np.uint8)
            put('obs/agentview_image', image, [side, side, 3])
        if spec.get('nextObs'):
            for key in [k for k in g['obs'].keys()]:
                # The next observation is the following step's, the last one repeated, as robomimic writes it.
                a = g['obs/' + key][()]
                g.create_dataset('next_obs/' + key, data=np.concatenate([a[1:], a[-1:]]))
        g.attrs['num_samples'] = d.get('numSamples', n)
        total += n
    if spec.get('envArgs') is not None:
        data.attrs['env_args'] = json.dumps(spec['envArgs'])
    data.attrs['total'] = spec.get('total', total)
    for name, demos in spec.get('masks', {}).items():
        f.create_dataset('mask/' + name, data=np.array([x.encode() for x in demos], dtype='S'))
`;

const READ = String.raw`
import h5py, json, sys, numpy as np
out = {'demos': {}, 'masks': {}}
with h5py.File(sys.argv[1], 'r') as f:
    data = f['data']
    out['attrs'] = {k: (v if isinstance(v, str) else v.item()) for k, v in data.attrs.items()}
    for name, g in data.items():
        sets = {}
        def visit(key, obj):
            if not isinstance(obj, h5py.Dataset): return
            a = obj[()]
            entry = {'shape': list(a.shape), 'dtype': str(a.dtype)}
            if a.dtype == np.uint8: entry['mean'] = float(a.mean())
            else: entry['values'] = a.reshape(a.shape[0], -1).tolist()
            sets[key] = entry
        g.visititems(visit)
        out['demos'][name] = {'attrs': {k: v.item() for k, v in g.attrs.items()}, 'datasets': sets}
    if 'mask' in f:
        for name, d in f['mask'].items():
            out['masks'][name] = [x.decode() for x in d[()]]
print(json.dumps(out))
`;

/** Runs a script of h5py; without h5py, says how to install it rather than failing obscurely. */
function python(script: string, args: string[]): Buffer {
  try {
    return execFileSync(PYTHON, ['-c', script, ...args], {
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    if (/No module named 'h5py'|ENOENT/.test(`${stderr} ${(e as Error).message}`)) {
      throw new Error(
        `the robomimic tests need h5py for ${PYTHON}: install Debian's python3-h5py (apt-get install python3-h5py)`,
      );
    }
    throw e;
  }
}

/** Writes a robomimic file by h5py. */
export function makeRobomimic(file: string, spec: RobomimicSpec): string {
  python(MAKE, [file, JSON.stringify({ envArgs: LIFT_ENV_ARGS, ...spec })]);
  return file;
}

export interface H5Dump {
  attrs: Record<string, unknown>;
  demos: Record<
    string,
    {
      attrs: Record<string, unknown>;
      datasets: Record<string, { shape: number[]; dtype: string; values?: number[][]; mean?: number }>;
    }
  >;
  masks: Record<string, string[]>;
}

/** A robomimic file as h5py reads it: attributes, every dataset's shape, dtype and values (images: their mean). */
export function readRobomimic(file: string): H5Dump {
  return JSON.parse(python(READ, [file]).toString()) as H5Dump;
}
