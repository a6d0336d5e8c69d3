import { rmSync } from 'node:fs';
import path from 'node:path';
import { encodeRgbFrames } from '../../media/encode';
import { posterFrame, probeVideo } from '../../media/probe';
import type { MediaTools } from '../../media/tools';
import { isInputError, seriesStream, videoStream, type PendingStream } from '../importEpisode';
import { ImportInputError } from '../inputError';
import { MAX_EPISODE_NS, outsideFloat32 } from '../limits';
import type { ReadSource } from '../readGroup';
import { hashInput, type ReadBounds } from '../sourceFile';
import { h5Message, isDataset, isGroup, isH5Error, type H5Dataset, type H5File } from './h5';
import {
  ACTION_STREAM,
  DONE_STREAM,
  MAX_DEMO_STEPS,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_SIDE,
  MAX_ROW_WIDTH,
  OBS_GROUPS,
  REWARD_STREAM,
  STATES_STREAM,
} from './layout';

/** What every demo of one file shares. */
export interface RobomimicFile {
  file: string;
  h5: H5File;
  hash: string;
  rateHz: number;
  rateFrom: 'request' | 'env_args';
  envArgs: unknown;
  /** Demo name → the masks (filter keys) that list it. */
  masks: Map<string, string[]>;
  tools: MediaTools | null;
  tmpDir: string;
  bounds: ReadBounds;
  warn: (path: string, message: string) => void;
  /** Obs keys left out (warned about once per file). */
  leftOut: Set<string>;
}

/** An input error naming the file and the demo. */
export class DemoError extends ImportInputError {}

/**
 * One demo read whole, or a DemoError naming the file and the demo: never a partial episode.
 * Every per-step dataset must have the demo's `num_samples` rows.
 */
export async function readDemo(rf: RobomimicFile, demo: string): Promise<ReadSource> {
  const where = `${rf.file} (demo=${demo})`;
  const fail = (problem: string) => new DemoError(rf.file, `${where}: ${problem}`);
  const encoded: string[] = [];
  try {
    return await readWhole(rf, demo, fail, encoded);
  } catch (e) {
    for (const f of encoded) rmSync(f, { force: true });
    if (e instanceof DemoError || rf.bounds.signal?.aborted) throw e;
    if (isInputError(e)) throw fail(e.message);
    // An HDF5 error: the file is damaged where this demo lies.
    if (isH5Error(e)) throw fail(`cannot read it: ${h5Message(e)} (a damaged file?)`);
    throw e;
  }
}

async function readWhole(
  rf: RobomimicFile,
  demo: string,
  fail: (problem: string) => Error,
  encoded: string[],
): Promise<ReadSource> {
  const group = rf.h5.get(`data/${demo}`);
  if (!isGroup(group)) throw fail('not a group');
  const dataset = (name: string): H5Dataset | null => {
    const d = group.get(name);
    if (d === null) return null;
    if (!isDataset(d)) throw fail(`"${name}" is not a dataset`);
    return d;
  };
  const actions = dataset('actions');
  if (!actions) throw fail('no "actions" dataset (every robomimic demo has one)');
  const n = stepsOf(actions, 'actions', fail);
  const declared = group.attrs.num_samples?.value;
  if (declared !== undefined && declared !== null && Number(declared) !== n) {
    throw fail(`num_samples is ${String(declared)}, but "actions" has ${n} rows`);
  }
  const timesNs = Float64Array.from({ length: n }, (_, i) => Math.round((i * 1e9) / rf.rateHz));
  if (timesNs[n - 1]! > MAX_EPISODE_NS) {
    throw fail(`${n} steps at ${rf.rateHz} Hz last longer than an episode may (24 h)`);
  }
  /** Each dataset's HDF5 type (`<f`, `<d`, `<q` …), so an export writes it back as it was. */
  const dtypes: Record<string, string> = {};
  const series = (name: string, d: H5Dataset, label: string): PendingStream => {
    const { values, width } = readNumeric(d, label, n, fail);
    dtypes[label] = String(d.dtype);
    const columns = Array.from({ length: width }, (_, i) => String(i));
    return seriesStream(name, { columns, timestampsNs: timesNs, values });
  };

  const streams: PendingStream[] = [];
  let thumbnail: Uint8Array | null = null;
  for (const names of OBS_GROUPS) {
    const obs = group.get(names.group);
    if (obs !== null && !isGroup(obs)) throw fail(`"${names.group}" is not a group`);
    for (const key of obs ? [...obs.keys()].sort() : []) {
      const label = `${names.group}/${key}`;
      const d = dataset(label);
      if (!d) continue;
      if (isImage(d) && d.shape![3] === 3) {
        const read = await readImages(rf, d, label, `${names.images}${key}`, demo, n, fail, encoded);
        streams.push(read.stream);
        thumbnail ??= read.poster;
      } else if ((d.shape?.length ?? 0) >= 3 && (d.shape ?? []).slice(1).every((x) => x > 0)) {
        // Depth or segmentation maps: neither RGB video nor a row of numbers per step.
        if (!rf.leftOut.has(label)) {
          rf.leftOut.add(label);
          rf.warn(
            rf.file,
            `${rf.file}: ${label} holds [${d.shape!.slice(1).join(', ')}] per step (not RGB images or a row of numbers); left out`,
          );
        }
      } else streams.push(series(`${names.series}${key}`, d, label));
    }
  }
  streams.push(series(ACTION_STREAM, actions, 'actions'));
  const optional: [string, string][] = [
    ['rewards', REWARD_STREAM],
    ['dones', DONE_STREAM],
    ['states', STATES_STREAM],
  ];
  for (const [key, name] of optional) {
    const d = dataset(key);
    if (d) streams.push(series(name, d, key));
  }
  const tags = rf.masks.get(demo) ?? [];
  const base = path.basename(rf.file, path.extname(rf.file));
  return {
    name: `${base}#${demo}`,
    primary: rf.file,
    primaryHash: rf.hash,
    origin: { hash: rf.hash, locator: `demo=${demo}` },
    streams,
    thumbnail,
    tags,
    metadata: {
      source: { files: [rf.file], locator: `demo=${demo}` },
      robomimic: {
        demo,
        numSamples: n,
        envArgs: rf.envArgs,
        rateHz: rf.rateHz,
        rateFrom: rf.rateFrom,
        masks: tags,
        nextObs: group.get('next_obs') !== null,
        dtypes,
      },
    },
  };
}

/** The rows of a per-step dataset, with its shape checked. */
function stepsOf(d: H5Dataset, label: string, fail: (problem: string) => Error): number {
  const shape = d.shape;
  if (!shape || shape.length === 0) throw fail(`"${label}" is a scalar, not one value per step`);
  const n = shape[0]!;
  if (n === 0) throw fail(`"${label}" has no rows`);
  if (n > MAX_DEMO_STEPS)
    throw fail(`"${label}" claims ${n} rows (more than ${MAX_DEMO_STEPS}: a damaged shape?)`);
  return n;
}

const isImage = (d: H5Dataset) =>
  d.metadata.type === 0 && d.metadata.size === 1 && !d.metadata.signed && d.shape?.length === 4;

/** A numeric dataset of `n` rows as float32 rows: integers, floats and booleans. */
function readNumeric(
  d: H5Dataset,
  label: string,
  n: number,
  fail: (problem: string) => Error,
): { values: Float32Array; width: number } {
  const rows = stepsOf(d, label, fail);
  if (rows !== n) throw fail(`"${label}" has ${rows} rows, but "actions" has ${n}`);
  const { type } = d.metadata;
  // 0: integer, 1: float (h5wasm's H5T classes); an enum of two values is h5py's bool.
  if (type !== 0 && type !== 1 && type !== 8) {
    throw fail(`"${label}" holds ${d.dtype} values, not numbers`);
  }
  const width = d.shape!.slice(1).reduce((a, b) => a * b, 1);
  if (width === 0 || width > MAX_ROW_WIDTH) {
    throw fail(`"${label}" has rows of shape [${d.shape!.slice(1).join(', ')}] (a damaged shape?)`);
  }
  const raw = d.slice([[0, n]]);
  if (!raw || typeof raw !== 'object' || !('length' in raw) || raw.length !== n * width) {
    throw fail(
      `"${label}": read ${raw && typeof raw === 'object' && 'length' in raw ? raw.length : 0} values of ${n * width}`,
    );
  }
  const values = new Float32Array(n * width);
  const list = raw as ArrayLike<number | bigint | boolean>;
  for (let i = 0; i < values.length; i++) {
    const v = Number(list[i]);
    if (outsideFloat32(v)) {
      const row = Math.floor(i / width);
      throw fail(
        `"${label}" row ${row}, column ${i % width}: ${String(list[i])} is not a finite float32 value`,
      );
    }
    values[i] = v;
  }
  return { values, width };
}

/** A uint8 `[n, H, W, 3]` camera encoded once to an mp4 in the workspace's temporary folder. */
async function readImages(
  rf: RobomimicFile,
  d: H5Dataset,
  label: string,
  name: string,
  demo: string,
  n: number,
  fail: (problem: string) => Error,
  encoded: string[],
): Promise<{ stream: PendingStream; poster: Uint8Array | null }> {
  const shape = d.shape!;
  const [rows, height, width, channels] = shape as [number, number, number, number];
  if (rows !== n) throw fail(`"${label}" has ${rows} images, but "actions" has ${n} rows`);
  if (channels !== 3 || height < 2 || width < 2 || height > MAX_IMAGE_SIDE || width > MAX_IMAGE_SIDE) {
    throw fail(
      `"${label}" has images of shape [${shape.slice(1).join(', ')}]; expected height × width × 3 RGB, sides 2 to ${MAX_IMAGE_SIDE}`,
    );
  }
  if (n * height * width * 3 > MAX_IMAGE_BYTES) {
    throw fail(`"${label}" holds ${n} images of ${width}×${height}: more than an import reads at once`);
  }
  const tools = rf.tools;
  if (!tools)
    throw fail(
      `cannot import the images of "${label}": ffmpeg not found (install ffmpeg or set FFMPEG_PATH)`,
    );
  const frame = height * width * 3;
  const data = new Uint8Array(n * frame);
  // A slice at a time: a camera is copied once into the buffer ffmpeg reads.
  const step = Math.max(1, Math.floor((64 * 1024 * 1024) / frame));
  for (let at = 0; at < n; at += step) {
    const to = Math.min(n, at + step);
    const part = d.slice([[at, to]]);
    if (!(part instanceof Uint8Array) || part.length !== (to - at) * frame) {
      throw fail(`"${label}": images ${at}–${to - 1} could not be read whole`);
    }
    data.set(part, at * frame);
  }
  const out = path.join(
    rf.tmpDir,
    `robomimic-${process.pid}-${Date.now()}-${demo}-${label.replace(/\W/g, '_')}.mp4`,
  );
  encoded.push(out);
  await encodeRgbFrames(tools, { width, height, fps: rf.rateHz, data }, out, rf.bounds.signal);
  const probe = await probeVideo(tools, out, rf.bounds.signal);
  if (probe.timestampsNs.length !== n) {
    throw fail(`"${label}": ${n} images gave a video of ${probe.timestampsNs.length} frames`);
  }
  const { hash } = await hashInput(out, rf.bounds);
  const poster = await posterFrame(tools, out, probe.durationNs * 0.1, rf.bounds.signal);
  return { stream: videoStream(name, out, hash, probe), poster };
}
