import { StudioError } from '../../common/api';
import type { Stream } from '../../common/api';
import type { MediaTools } from '../../media/tools';
import type { Workspace } from '../../workspace/workspace';
import type { TrainingData } from '../data';
import { shownVideo } from '../../redact/versions';
import { decodeFrames } from './decodeFrames';

export const STATE_STREAM = 'observation.state';
export const ACTION_STREAM = 'action';
export const IMAGE_STREAM = 'observation.images.top';

export interface EpisodeSelection {
  dataset: string;
  includeTag?: string | undefined;
  excludeTags: readonly string[];
  /** Exactly these episodes (tag filters ignored); each must be a visible episode of the dataset. */
  episodeIds?: readonly string[] | undefined;
}

export interface LoadedDataset {
  data: TrainingData;
  /** Episode ids in row order: the dataset snapshot the model was trained on. */
  episodeIds: string[];
  /**
   * The stretches trained on, in row order: each episode's trim and segment-label windows as they
   * stood when the data was loaded (first and last kept frame's time), so later edits are visible.
   */
  stretches: { episodeId: string; startNs: number; endNs: number }[];
  observationColumns: string[];
  actionColumns: string[];
}

interface StreamRow {
  episode_id: string;
  name: string;
  kind: string;
  frames: number;
  blob: string;
  timestamps_blob: string;
  columns: string;
  video: string | null;
}

/**
 * The stretches of an episode to train on, as half-open frame ranges of the state stream: inside the
 * episode's trim, and, with a segment label, inside that label's segments (each its own trajectory).
 */
export function trainingRanges(
  timesNs: ArrayLike<number>,
  trim: { start_ns: number; end_ns: number } | undefined,
  segments: readonly { start_ns: number; end_ns: number }[] | null,
): [number, number][] {
  const lo = trim?.start_ns ?? -Infinity;
  const hi = trim?.end_ns ?? Infinity;
  const windows =
    segments === null ? [[lo, hi]] : segments.map((g) => [Math.max(lo, g.start_ns), Math.min(hi, g.end_ns)]);
  const out: [number, number][] = [];
  for (const [a, b] of windows) {
    let first = -1;
    let last = -1;
    for (let i = 0; i < timesNs.length; i++) {
      const t = timesNs[i]!;
      if (t >= a! && t <= b!) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first >= 0) out.push([first, last + 1]);
  }
  return out;
}

async function readInt64Ns(ws: Workspace, hash: string): Promise<Float64Array> {
  const raw = await ws.blobs.read(hash);
  const ints = new BigInt64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return Float64Array.from(ints, (v) => Number(v));
}

/**
 * The frames of the camera's file that belong to the episode: all of them for an original; for a
 * part, those of its window, which starts at the video's `offsetNs` in the file.
 */
async function cameraWindow(ws: Workspace, video: StreamRow, frames: number) {
  const info = video.video ? (JSON.parse(video.video) as NonNullable<Stream['video']>) : null;
  const offsetNs = info?.offsetNs ?? 0;
  const fps = info?.fps ?? 0;
  const frameNs = fps > 0 ? 1e9 / fps : 1e9 / 30;
  if (offsetNs === 0) return { firstFrameNs: 0, frameNs, frames };
  const times = await readInt64Ns(ws, video.timestamps_blob);
  return { firstFrameNs: offsetNs + (times[0] ?? 0), frameNs, frames };
}

/** Episodes of a dataset that pass the tag filters, oldest first (a stable order for seeded splits). */
export function selectEpisodes(ws: Workspace, sel: EpisodeSelection): string[] {
  const dataset = ws.db.prepare('SELECT id FROM datasets WHERE name = ?').get(sel.dataset) as
    { id: string } | undefined;
  if (!dataset) throw new StudioError('not_found', `no dataset named "${sel.dataset}"`);
  if (sel.episodeIds !== undefined) return explicitEpisodes(ws, dataset.id, sel.dataset, sel.episodeIds);
  const args: unknown[] = [dataset.id];
  // Episodes a split or merge replaced are hidden: their parts are trained on instead.
  let where = 'e.dataset_id = ? AND e.hidden_at IS NULL';
  if (sel.includeTag !== undefined) {
    where += ' AND EXISTS (SELECT 1 FROM tags t WHERE t.episode_id = e.id AND t.tag = ?)';
    args.push(sel.includeTag);
  }
  if (sel.excludeTags.length > 0) {
    where += ` AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.episode_id = e.id AND t.tag IN (${sel.excludeTags
      .map(() => '?')
      .join(', ')}))`;
    args.push(...sel.excludeTags);
  }
  const rows = ws.db
    .prepare(`SELECT e.id FROM episodes e WHERE ${where} ORDER BY e.created_at, e.id`)
    .all(...args) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The listed episodes in the dataset's stable order, after checking that each is one of its visible episodes. */
function explicitEpisodes(ws: Workspace, datasetId: string, name: string, ids: readonly string[]): string[] {
  const visible = (
    ws.db
      .prepare('SELECT id FROM episodes WHERE dataset_id = ? AND hidden_at IS NULL ORDER BY created_at, id')
      .all(datasetId) as { id: string }[]
  ).map((r) => r.id);
  const known = new Set(visible);
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined)
    throw new StudioError('bad_input', `episode ${missing} is not a visible episode of dataset "${name}"`);
  const wanted = new Set(ids);
  return visible.filter((id) => wanted.has(id));
}

async function readFloat32(ws: Workspace, hash: string): Promise<Float32Array> {
  const raw = await ws.blobs.read(hash);
  // Copy: a Buffer's offset need not be 4-aligned.
  const out = new Float32Array(raw.byteLength / 4);
  new Uint8Array(out.buffer).set(raw.subarray(0, out.length * 4));
  return out;
}

/**
 * Loads the selected episodes' `observation.state` and `action` series into contiguous arrays
 * (rows paired by index: simulator and LeRobot episodes share timestamps), plus the top camera's
 * frames decoded at imageSize x imageSize when asked for (from its newest redacted copy when it has
 * one, as replay and exports show it).
 */
export async function loadTrainingData(
  ws: Workspace,
  episodeIds: readonly string[],
  opts: {
    images?: { tools: MediaTools | null; size: number };
    /** Only the stretches covered by segments with this label. */
    segmentLabel?: string;
    signal?: AbortSignal;
    onEpisode?: (done: number, total: number) => void;
  } = {},
): Promise<LoadedDataset> {
  if (episodeIds.length === 0) throw new StudioError('bad_input', 'no episodes match the selection');
  const byEpisode = ws.db.prepare('SELECT * FROM streams WHERE episode_id = ?');
  const trimOf = ws.db.prepare('SELECT start_ns, end_ns FROM episode_trims WHERE episode_id = ?');
  const segmentsOf = ws.db.prepare(
    'SELECT start_ns, end_ns FROM segments WHERE episode_id = ? AND label = ? ORDER BY start_ns',
  );
  const obsParts: Float32Array[] = [];
  const actParts: Float32Array[] = [];
  const imageParts: Uint8Array[] = [];
  const starts: number[] = [];
  let observationColumns: string[] | null = null;
  let actionColumns: string[] | null = null;
  const kept: string[] = [];
  const stretches: LoadedDataset['stretches'] = [];
  let rows = 0;
  for (const [i, id] of episodeIds.entries()) {
    opts.signal?.throwIfAborted();
    const streams = byEpisode.all(id) as StreamRow[];
    const find = (name: string, kind: string) => {
      const s = streams.find((r) => r.name === name && r.kind === kind);
      if (!s) throw new StudioError('bad_input', `episode ${id} has no ${kind} stream "${name}"`);
      return s;
    };
    const state = find(STATE_STREAM, 'series');
    const action = find(ACTION_STREAM, 'series');
    const sCols = JSON.parse(state.columns) as string[];
    const aCols = JSON.parse(action.columns) as string[];
    observationColumns ??= sCols;
    actionColumns ??= aCols;
    if (sCols.join() !== observationColumns.join() || aCols.join() !== actionColumns.join()) {
      throw new StudioError(
        'bad_input',
        `episode ${id} has different state or action columns than the first`,
      );
    }
    const n = Math.min(state.frames, action.frames);
    if (n < 1) continue;
    const trim = trimOf.get(id) as { start_ns: number; end_ns: number } | undefined;
    const segments =
      opts.segmentLabel === undefined
        ? null
        : (segmentsOf.all(id, opts.segmentLabel) as { start_ns: number; end_ns: number }[]);
    const times = (await readInt64Ns(ws, state.timestamps_blob)).subarray(0, n);
    const ranges = trainingRanges(times, trim, segments);
    if (ranges.length === 0) continue;
    const obs = await readFloat32(ws, state.blob);
    const act = await readFloat32(ws, action.blob);
    let frames: Uint8Array | null = null;
    if (opts.images) {
      const { tools, size } = opts.images;
      if (!tools) throw new StudioError('unavailable', 'ffmpeg is needed to decode camera frames');
      const video = find(IMAGE_STREAM, 'video');
      const window = await cameraWindow(ws, video, n);
      // A redacted copy has the source's frames at the source's times: the same window reads it.
      const file = ws.blobs.pathOf(shownVideo(ws.db, video.blob));
      frames = await decodeFrames(tools, file, window, size, opts.signal);
    }
    for (const [a, b] of ranges) {
      stretches.push({ episodeId: id, startNs: times[a]!, endNs: times[b - 1]! });
      starts.push(rows);
      obsParts.push(obs.subarray(a * sCols.length, b * sCols.length));
      actParts.push(act.subarray(a * aCols.length, b * aCols.length));
      if (frames && opts.images) {
        const frameBytes = opts.images.size * opts.images.size * 3;
        imageParts.push(frames.subarray(a * frameBytes, b * frameBytes));
      }
      rows += b - a;
    }
    kept.push(id);
    opts.onEpisode?.(i + 1, episodeIds.length);
  }
  if (kept.length === 0) {
    const where = opts.segmentLabel === undefined ? '' : ` inside segments labelled "${opts.segmentLabel}"`;
    throw new StudioError('bad_input', `the selected episodes have no frames${where}`);
  }
  const concat = <T extends Float32Array | Uint8Array>(parts: T[], make: (n: number) => T): T => {
    const out = make(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const size = opts.images?.size ?? 0;
  const data: TrainingData = {
    obs: concat(obsParts, (n) => new Float32Array(n)),
    actions: concat(actParts, (n) => new Float32Array(n)),
    obsDim: observationColumns?.length ?? 0,
    actDim: actionColumns?.length ?? 0,
    episodeStarts: starts,
    ...(opts.images
      ? {
          images: {
            data: concat(imageParts, (n) => new Uint8Array(n)),
            height: size,
            width: size,
            channels: 3,
          },
        }
      : {}),
  };
  return {
    data,
    episodeIds: kept,
    stretches,
    observationColumns: observationColumns ?? [],
    actionColumns: actionColumns ?? [],
  };
}
