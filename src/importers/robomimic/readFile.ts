import { rmSync } from 'node:fs';
import type { MediaTools } from '../../media/tools';
import { ImportInputError } from '../inputError';
import type { ReadSource } from '../readGroup';
import { hashInput, type ReadBounds } from '../sourceFile';
import { h5Message, hdf5, isDataset, isGroup, type H5File, type H5Group } from './h5';
import { readDemo, type RobomimicFile } from './readDemo';

export interface RobomimicOptions {
  /** The control rate the demos were recorded at; robomimic files hold no times. */
  rateHz?: number;
  tools: MediaTools | null;
  /** Where encoded cameras wait until the episode is written. */
  tmpDir: string;
  bounds: ReadBounds;
  warn: (path: string, message: string) => void;
}

export interface RobomimicRead {
  /** Demo names in their order (`demo_2` before `demo_10`). */
  demos: string[];
  /** Reads one demo whole; an unusable one rejects with an input error naming the file and demo. */
  read: (demo: string) => Promise<ReadSource>;
  /** Removes what a read left in the temporary folder (an encoded camera, once written). */
  release: (source: ReadSource) => void;
  close: () => void;
}

/**
 * Opens a robomimic HDF5 file: its `data` group, `env_args`, masks and the control rate now, each
 * demo when asked. A file that cannot be opened, or has no `data` group of demos, is refused whole.
 */
export async function openRobomimic(file: string, opts: RobomimicOptions): Promise<RobomimicRead> {
  const fail = (problem: string) => new ImportInputError(file, `${file}: ${problem}`);
  const { hash } = await hashInput(file, opts.bounds);
  const h5 = await openH5(file);
  try {
    const data = dataGroup(h5, file);
    const demos = data
      .keys()
      .filter((k) => isGroup(data.get(k)))
      .sort(byDemoNumber);
    if (demos.length === 0) throw fail('the "data" group holds no demos');
    const envArgs = parseEnvArgs(data.attrs.env_args?.value, file, opts.warn);
    checkTotal(data, demos, file, opts.warn);
    const rate = controlRate(opts.rateHz, envArgs);
    if (!rate) {
      throw fail(
        'robomimic files hold no times and env_args names no control_freq: give the control rate with --rate-hz N (rateHz in the import request)',
      );
    }
    const rf: RobomimicFile = {
      file,
      h5,
      hash,
      rateHz: rate.hz,
      rateFrom: rate.from,
      envArgs,
      masks: readMasks(h5, file, new Set(demos), opts.warn),
      tools: opts.tools,
      tmpDir: opts.tmpDir,
      bounds: opts.bounds,
      warn: opts.warn,
      leftOut: new Set(),
    };
    return {
      demos,
      read: (demo) => readDemo(rf, demo),
      release: (source) => {
        for (const s of source.streams) {
          if ('file' in s.data && s.data.file.startsWith(opts.tmpDir)) rmSync(s.data.file, { force: true });
        }
      },
      close: () => h5.close(),
    };
  } catch (e) {
    h5.close();
    if (e instanceof ImportInputError) throw e;
    throw fail(`cannot read its metadata: ${h5Message(e)} (a damaged file?)`);
  }
}

/** Opens an HDF5 file for reading, or an input error naming it. */
export async function openH5(file: string): Promise<H5File> {
  const lib = await hdf5();
  try {
    return new lib.File(file, 'r');
  } catch (e) {
    throw new ImportInputError(
      file,
      `${file}: not a readable HDF5 file: ${h5Message(e)} (truncated or damaged?)`,
    );
  }
}

/** A robomimic file's `data` group, or an input error naming the file. */
export function dataGroup(h5: H5File, file: string): H5Group {
  const data = h5.get('data');
  if (!isGroup(data)) {
    throw new ImportInputError(
      file,
      `${file}: no "data" group (a robomimic file keeps its demos in data/demo_N)`,
    );
  }
  return data;
}

/** `demo_2` before `demo_10`; other names after, by name. */
function byDemoNumber(a: string, b: string): number {
  const num = (s: string) => (/^demo_(\d+)$/.exec(s) ? Number(s.slice(5)) : Number.POSITIVE_INFINITY);
  return num(a) - num(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function parseEnvArgs(raw: unknown, file: string, warn: RobomimicOptions['warn']): unknown {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') return String(raw);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    warn(file, `${file}: data attribute env_args is not JSON; kept as text`);
    return raw;
  }
}

/** The request's rate, else env_args' `env_kwargs.control_freq` (robosuite's). */
export function controlRate(
  requested: number | undefined,
  envArgs: unknown,
): { hz: number; from: 'request' | 'env_args' } | null {
  if (requested !== undefined) return { hz: requested, from: 'request' };
  const kwargs = (envArgs as { env_kwargs?: { control_freq?: unknown } } | null)?.env_kwargs;
  const freq = kwargs?.control_freq;
  if (typeof freq === 'number' && Number.isFinite(freq) && freq > 0 && freq <= 10_000) {
    return { hz: freq, from: 'env_args' };
  }
  return null;
}

/** `mask/<name>`: the demos each filter key lists, turned around to each demo's masks. */
function readMasks(
  h5: H5File,
  file: string,
  demos: Set<string>,
  warn: RobomimicOptions['warn'],
): Map<string, string[]> {
  const byDemo = new Map<string, string[]>();
  const mask = h5.get('mask');
  if (!isGroup(mask)) return byDemo;
  for (const name of mask.keys().sort()) {
    const d = mask.get(name);
    const tag = name.trim();
    if (!isDataset(d) || !/^[^\n\r\t,]{1,100}$/.test(tag)) {
      warn(file, `${file}: mask/${name} is not a list of demo names usable as a tag; left out`);
      continue;
    }
    const value = d.value;
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) {
      const demo =
        typeof item === 'string'
          ? item
          : item instanceof Uint8Array
            ? Buffer.from(item).toString('utf8')
            : null;
      if (demo === null) continue;
      const key = demo.replace(/\0+$/, '');
      if (!demos.has(key)) {
        warn(file, `${file}: mask/${name} lists ${key}, which the file does not hold; left out`);
        continue;
      }
      byDemo.set(key, [...(byDemo.get(key) ?? []), tag]);
    }
  }
  return byDemo;
}

/** `total` is bookkeeping: a stale one is a warning, the demos' own rows are imported. */
function checkTotal(data: H5Group, demos: string[], file: string, warn: RobomimicOptions['warn']): void {
  const total = data.attrs.total?.value;
  if (total === undefined || total === null) return;
  let sum = 0;
  try {
    for (const demo of demos) {
      const n = (data.get(demo) as H5Group).attrs.num_samples?.value;
      if (n === undefined || n === null) return;
      sum += Number(n);
    }
  } catch {
    // A demo whose attributes cannot be read is refused when it is read, by name.
    return;
  }
  if (Number(total) !== sum) {
    warn(
      file,
      `${file}: data attribute total is ${String(total)}, but the demos' num_samples add up to ${sum}; the demos are followed`,
    );
  }
}
