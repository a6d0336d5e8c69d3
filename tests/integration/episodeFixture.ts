import path from 'node:path';
import type { Episode, Stream } from '../../src/common/api';
import { seriesStream, videoStream, writeEpisode } from '../../src/importers/importEpisode';
import { probeVideo } from '../../src/media/probe';
import { hashFile } from '../../src/workspace/blobs';
import { Catalog } from '../../src/workspace/catalog';
import { nowIso } from '../../src/workspace/ids';
import { EpisodeParts } from '../../src/episodes/parts';
import { Workspace } from '../../src/workspace/workspace';
import { makeClip, mediaTools, tempDir } from '../helpers/workspace';

export const CAMERA = 'observation.images.top';
export const SECONDS = 4;
export const FPS = 10;

/** Seconds to integer ns. */
export const sec = (s: number) => Math.round(s * 1e9);

/** A fresh workspace holding the recording `pick` (dataset `arm`), for one test. */
export interface RecordingWorkspace {
  tmp: ReturnType<typeof tempDir>;
  ws: Workspace;
  parts: EpisodeParts;
  origin: string;
  close(): void;
}

export async function openRecording(): Promise<RecordingWorkspace> {
  const tmp = tempDir();
  const ws = Workspace.init(path.join(tmp.dir, 'ws'));
  const origin = await writeRecording(ws, tmp.dir, 'pick', 'arm');
  return {
    tmp,
    ws,
    parts: new EpisodeParts(ws),
    origin,
    close() {
      ws.close();
      tmp.cleanup();
    },
  };
}

/**
 * A 4 s recording: a 10 fps H.264 camera (named like the training loader's top camera), state and
 * action series at 10 Hz whose values are their row index (so kept rows are easy to read), and a
 * gripper series at 50 Hz. With a thumbnail, a tag and ground truth, to see what travels with parts.
 */
export async function writeRecording(ws: Workspace, dir: string, name: string, dataset: string) {
  const clip = makeClip(path.join(dir, `${name}.mp4`), { seconds: SECONDS, fps: FPS });
  const probe = await probeVideo(mediaTools(), clip);
  const hash = await hashFile(clip);
  const t10 = Float64Array.from({ length: SECONDS * 10 }, (_, k) => k * 100_000_000);
  const t50 = Float64Array.from({ length: SECONDS * 50 }, (_, k) => k * 20_000_000);
  const { id } = await writeEpisode(ws, dataset, {
    name,
    primary: clip,
    primaryHash: hash,
    thumbnail: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
    metadata: { operator: 'ana' },
    tags: ['demo'],
    streams: [
      videoStream(CAMERA, clip, hash, probe),
      seriesStream('observation.state', {
        columns: ['x', 'y'],
        timestampsNs: t10,
        values: Float32Array.from({ length: t10.length * 2 }, (_, i) => i / 2),
      }),
      seriesStream('action', {
        columns: ['u'],
        timestampsNs: t10,
        values: Float32Array.from({ length: t10.length }, (_, i) => -i),
      }),
      seriesStream('gripper', {
        columns: ['w'],
        timestampsNs: t50,
        values: Float32Array.from({ length: t50.length }, (_, i) => i * 0.5),
      }),
    ],
  });
  ws.db
    .prepare('INSERT INTO episode_ground_truth (episode_id, data) VALUES (?, ?)')
    .run(id, JSON.stringify({ skill: 'better' }));
  return id;
}

export function addSegment(ws: Workspace, episodeId: string, startS: number, endS: number, label: string) {
  ws.db
    .prepare(
      `INSERT INTO segments (id, episode_id, start_ns, end_ns, label, instruction, color, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'do it', '#45b97c', ?, ?)`,
    )
    .run(
      `seg_${label}${Math.random().toString(36).slice(2, 12)}`,
      episodeId,
      Math.round(startS * 1e9),
      Math.round(endS * 1e9),
      label,
      nowIso(),
      nowIso(),
    );
}

export function setTrim(ws: Workspace, episodeId: string, startS: number, endS: number) {
  ws.db
    .prepare('INSERT INTO episode_trims (episode_id, start_ns, end_ns, updated_at) VALUES (?, ?, ?, ?)')
    .run(episodeId, Math.round(startS * 1e9), Math.round(endS * 1e9), nowIso());
}

export async function times(ws: Workspace, s: Stream): Promise<bigint[]> {
  const raw = await ws.blobs.read(s.timestampsBlob);
  return [...new BigInt64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))];
}

export const streamOf = (ep: Episode, name: string): Stream => {
  const s = ep.streamDetails.find((x) => x.name === name);
  if (!s) throw new Error(`${ep.name} has no stream ${name}`);
  return s;
};

export const segmentsOf = (ws: Workspace, episodeId: string) =>
  ws.db
    .prepare(
      'SELECT start_ns AS startNs, end_ns AS endNs, label FROM segments WHERE episode_id = ? ORDER BY start_ns, end_ns',
    )
    .all(episodeId) as { startNs: number; endNs: number; label: string }[];

export const trimOf = (ws: Workspace, episodeId: string) =>
  ws.db
    .prepare('SELECT start_ns AS startNs, end_ns AS endNs FROM episode_trims WHERE episode_id = ?')
    .get(episodeId) as { startNs: number; endNs: number } | undefined;

/** Everything stored about an episode's own rows, to check that a split left an original as it was. */
export function snapshot(ws: Workspace, episodeId: string) {
  const rows = (sql: string) => ws.db.prepare(sql).all(episodeId);
  const { hidden_at: _hidden, ...episode } = ws.db
    .prepare('SELECT * FROM episodes WHERE id = ?')
    .get(episodeId) as Record<string, unknown>;
  return {
    episode,
    streams: rows('SELECT * FROM streams WHERE episode_id = ? ORDER BY name'),
    segments: rows('SELECT * FROM segments WHERE episode_id = ? ORDER BY id'),
    trims: rows('SELECT * FROM episode_trims WHERE episode_id = ?'),
    tags: rows('SELECT * FROM tags WHERE episode_id = ? ORDER BY tag'),
    truth: rows('SELECT * FROM episode_ground_truth WHERE episode_id = ?'),
  };
}

export const catalogOf = (ws: Workspace) => new Catalog(ws.db);
