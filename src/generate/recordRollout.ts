import { rm } from 'node:fs/promises';
import path from 'node:path';
import { seriesStream, videoStream, writeEpisode, type ImportedEpisode } from '../importers/importEpisode';
import { encodeRgbFrames } from '../media/encode';
import { posterFrame, probeVideo } from '../media/probe';
import type { MediaTools } from '../media/tools';
import type { EnvSpec, Rollout } from '../sim';
import { hashFile } from '../workspace/blobs';
import { Catalog } from '../workspace/catalog';
import type { Workspace } from '../workspace/workspace';

export interface RecordOptions {
  dataset: string;
  name: string;
  spec: EnvSpec;
  rollout: Rollout;
  tags: string[];
  metadata: Record<string, unknown>;
  /** Expert skill and injected flaws: stored apart from the episode (episode_ground_truth). */
  groundTruth?: unknown;
  signal?: AbortSignal;
}

/**
 * Stores a simulator rollout as an episode, exactly like an import: series for observations, actions
 * and reward (LeRobot names), and the rendered camera as an H.264 video when frames were recorded.
 */
export async function recordRollout(
  ws: Workspace,
  tools: MediaTools | null,
  o: RecordOptions,
): Promise<ImportedEpisode> {
  // Names are deterministic (env, seed, index): a job resumed after a crash between writing an
  // episode and checkpointing it finds the episode instead of writing it twice.
  const existing = ws.db
    .prepare(
      'SELECT e.id FROM episodes e JOIN datasets d ON d.id = e.dataset_id WHERE d.name = ? AND e.name = ?',
    )
    .get(o.dataset, o.name) as { id: string } | undefined;
  if (existing) {
    const { id, dataset, streams } = new Catalog(ws.db).getEpisode(existing.id);
    return { id, dataset, streams };
  }
  const { spec, rollout: r } = o;
  const hz = spec.controlHz;
  const times = Float64Array.from({ length: r.steps }, (_, k) => Math.round((k * 1e9) / hz));
  const streams = [
    seriesStream('observation.state', {
      columns: [...spec.observation],
      timestampsNs: times,
      values: r.obs.subarray(0, r.steps * spec.observation.length),
    }),
    seriesStream('action', {
      columns: [...spec.action],
      timestampsNs: times,
      values: r.actions.subarray(0, r.steps * spec.action.length),
    }),
    seriesStream('next.reward', {
      columns: ['reward'],
      timestampsNs: times,
      values: r.rewards.subarray(0, r.steps),
    }),
  ];
  let thumbnail: Uint8Array | null = null;
  let primaryHash: string | null = null;
  const file = path.join(ws.blobs.tmpDir, `${o.name}-${Date.now()}.mp4`);
  try {
    const frames = r.frames?.slice(0, r.steps);
    if (tools && frames && frames.length > 0) {
      const { width, height } = frames[0]!;
      const data = new Uint8Array(width * height * 3 * frames.length);
      frames.forEach((f, i) => data.set(f.data, i * width * height * 3));
      await encodeRgbFrames(tools, { width, height, fps: hz, data }, file, o.signal);
      primaryHash = await hashFile(file);
      const probe = await probeVideo(tools, file, o.signal);
      streams.unshift(videoStream('observation.images.top', file, primaryHash, probe));
      thumbnail = await posterFrame(tools, file, probe.durationNs * 0.5, o.signal);
    }
    const episode = await writeEpisode(ws, o.dataset, {
      name: o.name,
      primary: null,
      primaryHash: null,
      streams,
      thumbnail,
      metadata: o.metadata,
      tags: o.tags,
    });
    if (o.groundTruth !== undefined) {
      ws.db
        .prepare('INSERT INTO episode_ground_truth (episode_id, data) VALUES (?, ?)')
        .run(episode.id, JSON.stringify(o.groundTruth));
    }
    return episode;
  } finally {
    await rm(file, { force: true });
  }
}
