import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Episode, ExportDatasetResult } from '../common/api';
import { StudioError } from '../common/api';
import { hdf5, type H5Group } from '../importers/robomimic/h5';
import {
  ACTION_STREAM,
  DONE_STREAM,
  obsDataset,
  REWARD_STREAM,
  STATES_STREAM,
} from '../importers/robomimic/layout';
import { runTool } from '../media/run';
import type { MediaTools } from '../media/tools';
import { shownVideo } from '../redact/versions';
import { exportedEpisodes } from './selection';
import type { Workspace } from '../workspace/workspace';
import { episodeRows, type EpisodeRows, type RowSeries } from './episodeRows';
import { datasetFps, type ExportHooks, type ExportRequest } from './lerobotLayout';
import { provenance } from './provenance';
import { retime } from './videoClips';

// robomimic's layout (robomimic `docs/datasets/overview.md`): `data/demo_<k>/{obs/<key>, actions,
// rewards, dones, states}`, `data` attributes `total` and `env_args`, each demo's `num_samples`,
// `mask/<name>` listing demo names as byte strings. Series are written in the HDF5 type their
// import recorded, else float64 (robomimic's own), which holds the studio's float32 values exactly;
// cameras as uint8 [n, H, W, 3].

/** Where a stream goes in a demo group, or null when it has no place there. */
function datasetOf(name: string): string | null {
  if (name === ACTION_STREAM) return 'actions';
  if (name === REWARD_STREAM) return 'rewards';
  if (name === DONE_STREAM) return 'dones';
  if (name === STATES_STREAM) return 'states';
  return obsDataset(name);
}

export async function exportRobomimic(
  ws: Workspace,
  tools: MediaTools | null,
  req: ExportRequest,
  hooks: ExportHooks = {},
): Promise<ExportDatasetResult> {
  const out = path.resolve(req.out);
  checkOut(out);
  const { episodes, leftOut } = exportedEpisodes(ws, req);
  const cameras = sharedCameras(episodes);
  if (cameras.length > 0 && !tools) {
    throw new StudioError(
      'unavailable',
      'cannot export cameras: ffmpeg/ffprobe not found (install ffmpeg or set FFMPEG_PATH)',
    );
  }
  const fps = datasetFps(episodes);
  const lib = await hdf5();
  const provenanceFile = `${out}.provenance.json`;
  const tmp = `${out}.partial-${process.pid}`;
  const tmpProvenance = `${provenanceFile}.partial-${process.pid}`;
  rmSync(tmp, { force: true });
  const h5 = new lib.File(tmp, 'w');
  let open = true;
  try {
    const rows: EpisodeRows[] = [];
    const data = h5.create_group('data');
    const names: string[] = [];
    for (const [k, e] of episodes.entries()) {
      hooks.signal?.throwIfAborted();
      hooks.progress?.(k / episodes.length, `Writing ${e.name} (${k + 1} of ${episodes.length})`);
      const r = await episodeRows(ws, e);
      rows.push(r);
      const demo = `demo_${k}`;
      names.push(demo);
      await writeDemo(
        (h) => ws.blobs.pathOf(shownVideo(ws.db, h)),
        data.create_group(demo),
        r,
        tools,
        fps,
        hooks.signal,
      );
    }
    const total = rows.reduce((a, r) => a + r.timesNs.length, 0);
    data.create_attribute('total', BigInt64Array.from([BigInt(total)]), [], '<q');
    data.create_attribute('env_args', JSON.stringify(envArgs(episodes, req.dataset, fps)));
    const masks = masksOf(episodes, names);
    if (masks.size > 0) {
      const group = h5.create_group('mask');
      for (const [tag, demos] of masks) {
        const width = Math.max(1, ...demos.map((d) => Buffer.byteLength(d)));
        group.create_dataset({ name: tag, data: demos, shape: [demos.length], dtype: `S${width}` });
      }
    }
    h5.close();
    open = false;
    writeFileSync(
      tmpProvenance,
      JSON.stringify(
        provenance(
          ws,
          req,
          episodes,
          rows.map((r) => r.timesNs.length),
        ),
        null,
        2,
      ) + '\n',
    );
    renameSync(tmp, out);
    renameSync(tmpProvenance, provenanceFile);
    return {
      out,
      format: 'robomimic',
      leftOut,
      episodes: rows.map((r, k) => ({ id: r.episode.id, episodeIndex: k, frames: r.timesNs.length })),
      frames: total,
      files: [path.basename(out), path.basename(provenanceFile)],
    };
  } catch (e) {
    if (open) h5.close();
    rmSync(tmp, { force: true });
    rmSync(tmpProvenance, { force: true });
    throw e;
  }
}

/** The file must be new: an export never overwrites. */
function checkOut(out: string): void {
  if (!existsSync(path.dirname(out))) {
    throw new StudioError('bad_input', `${out}: its parent folder does not exist`);
  }
  if (existsSync(out)) {
    const what = statSync(out).isDirectory() ? 'a folder' : 'a file';
    throw new StudioError('bad_input', `${out}: ${what} of that name exists already`);
  }
  if (existsSync(`${out}.provenance.json`)) {
    throw new StudioError('bad_input', `${out}.provenance.json exists already`);
  }
}

/** Every exported episode must have the same cameras and the same series (robomimic's obs keys are shared). */
function sharedCameras(episodes: Episode[]): string[] {
  const describe = (e: Episode) =>
    e.streamDetails
      .map((s) => (s.kind === 'series' ? `${s.name}[${s.columns.length}]` : s.name))
      .sort()
      .join(' ');
  const first = episodes[0]!;
  if (!first.streamDetails.some((s) => s.name === ACTION_STREAM && s.kind === 'series')) {
    throw new StudioError(
      'bad_input',
      `episode ${first.id} (${first.name}) has no "${ACTION_STREAM}" series: every robomimic demo has actions`,
    );
  }
  for (const e of episodes.slice(1)) {
    if (describe(e) !== describe(first)) {
      throw new StudioError(
        'bad_input',
        `episode ${e.id} (${e.name}) has other streams than ${first.id} (${first.name}): robomimic demos share their keys (${describe(e)} vs ${describe(first)})`,
      );
    }
  }
  return first.streamDetails.filter((s) => s.kind === 'video').map((s) => s.name);
}

/** One demo: its series (and missing rewards and dones as robomimic writes them), its cameras, `num_samples`. */
async function writeDemo(
  blobPath: (hash: string) => string,
  group: H5Group,
  r: EpisodeRows,
  tools: MediaTools | null,
  fps: number,
  signal?: AbortSignal,
): Promise<void> {
  const n = r.timesNs.length;
  const subgroups = new Map<string, H5Group>([['obs', group.create_group('obs')]]);
  /** The group a dataset goes in (`obs`, `next_obs`, made when first needed) and its name there. */
  const placeOf = (target: string): [H5Group, string] => {
    const slash = target.indexOf('/');
    if (slash < 0) return [group, target];
    const sub = target.slice(0, slash);
    if (!subgroups.has(sub)) subgroups.set(sub, group.create_group(sub));
    return [subgroups.get(sub)!, target.slice(slash + 1)];
  };
  const recorded =
    (r.episode.metadata.robomimic as { dtypes?: Record<string, string> } | undefined)?.dtypes ?? {};
  const written = new Set<string>();
  for (const s of r.series) {
    const target = datasetOf(s.name) ?? `obs/${s.name}`;
    if (written.has(target)) {
      throw new StudioError(
        'bad_input',
        `episode ${r.episode.id}: two streams would be written to ${target}`,
      );
    }
    written.add(target);
    const shape = shapeOf(s, n, target);
    const dtype = recorded[target] ?? (target === 'dones' ? '<q' : '<d');
    const [parent, name] = placeOf(target);
    parent.create_dataset({
      name,
      data: typed(s.values, dtype),
      shape,
      dtype: WRITABLE.has(dtype) ? dtype : '<d',
    });
  }
  if (!written.has('rewards'))
    group.create_dataset({ name: 'rewards', data: new Float64Array(n), shape: [n], dtype: '<d' });
  if (!written.has('dones')) {
    // robomimic marks the last step of a demo done.
    const dones = new BigInt64Array(n);
    dones[n - 1] = 1n;
    group.create_dataset({ name: 'dones', data: dones, shape: [n], dtype: '<q' });
  }
  for (const v of r.videos) {
    const target = datasetOf(v.stream.name) ?? `obs/${v.stream.name}`;
    const { width, height } = (v.stream.video ?? {}) as { width?: number; height?: number };
    if (!width || !height) throw new StudioError('bad_input', `camera ${v.stream.name}: no frame size`);
    const frames = await decodeFrames(
      tools!,
      blobPath(v.stream.blob),
      v,
      n,
      width,
      height,
      fps,
      r.episode,
      signal,
    );
    const [parent, name] = placeOf(target);
    parent.create_dataset({ name, data: frames, shape: [n, height, width, 3], dtype: '<B' });
  }
  group.create_attribute('num_samples', BigInt64Array.from([BigInt(n)]), [], '<q');
}

/** The HDF5 types an import records that are written back as they were; any other is written as float64. */
const WRITABLE = new Set(['<f', '<d', '<q', '<i', '<h', '<b', '<B', '<H', '<I']);

/** The studio's float32 values as the typed array of an HDF5 type (integers were integers on import). */
function typed(
  values: Float32Array,
  dtype: string,
):
  | Float32Array
  | Float64Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array {
  switch (dtype) {
    case '<f':
      return Float32Array.from(values);
    case '<q':
      return BigInt64Array.from(values, (v) => BigInt(Math.round(v)));
    case '<i':
      return Int32Array.from(values, Math.round);
    case '<h':
      return Int16Array.from(values, Math.round);
    case '<b':
      return Int8Array.from(values, Math.round);
    case '<B':
      return Uint8Array.from(values, Math.round);
    case '<H':
      return Uint16Array.from(values, Math.round);
    case '<I':
      return Uint32Array.from(values, Math.round);
    default:
      return Float64Array.from(values);
  }
}

/** Width 1 rewards and dones are flat, as robomimic writes them; everything else is [n, width]. */
function shapeOf(s: RowSeries, n: number, target: string): number[] {
  const width = s.columns.length;
  if (width === 1 && (target === 'rewards' || target === 'dones')) return [n];
  return [n, width];
}

/** The camera's frames of the kept stretch, decoded at the dataset's rate to RGB. */
async function decodeFrames(
  tools: MediaTools,
  file: string,
  v: EpisodeRows['videos'][number],
  n: number,
  width: number,
  height: number,
  fps: number,
  episode: Episode,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const { seek, filter } = await retime(tools, v.startNs, n, fps);
  const raw = await runTool(
    tools.ffmpeg,
    [
      '-v',
      'error',
      '-ss',
      seek,
      '-i',
      file,
      '-an',
      '-vf',
      filter,
      '-frames:v',
      String(n),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    signal === undefined ? {} : { signal },
  );
  const frame = width * height * 3;
  if (raw.byteLength !== n * frame) {
    throw new StudioError(
      'bad_input',
      `episode ${episode.id} (${episode.name}), camera ${v.stream.name}: the video gives ${Math.floor(raw.byteLength / frame)} frames, but the episode has ${n} rows`,
    );
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The recorded env_args when every episode has the same, else a stand-in naming the dataset and rate. */
function envArgs(episodes: Episode[], dataset: string, fps: number): unknown {
  const recorded = episodes.map((e) => (e.metadata.robomimic as { envArgs?: unknown } | undefined)?.envArgs);
  const first = JSON.stringify(recorded[0] ?? null);
  if (recorded[0] && recorded.every((a) => JSON.stringify(a ?? null) === first)) return recorded[0];
  return { env_name: dataset, type: null, env_kwargs: { control_freq: fps } };
}

/** Each tag of the exported episodes becomes a mask (filter key) listing their demos. */
function masksOf(episodes: Episode[], names: string[]): Map<string, string[]> {
  const masks = new Map<string, string[]>();
  episodes.forEach((e, k) => {
    for (const tag of e.tags) {
      if (tag.includes('/')) continue;
      masks.set(tag, [...(masks.get(tag) ?? []), names[k]!]);
    }
  });
  return masks;
}
