import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImportResult } from '../common/api';
import { seriesStream, videoStream, writeEpisode, type ImportedEpisode } from '../importers/importEpisode';
import { encodeRgbFrames } from '../media/encode';
import { posterFrame, probeVideo } from '../media/probe';
import { hashFile } from '../workspace/blobs';
import type { JobContext } from '../jobs/context';
import { ACTION_COLUMNS, render, simulate, STATE_COLUMNS } from './scene';

export const SAMPLE_DATASET = 'samples';

/** Fills the sample dataset up to `count` episodes; resumes where an interrupted run stopped. */
export async function generateSamples(
  ctx: JobContext,
  count: number,
): Promise<Pick<ImportResult, 'episodes'>> {
  const { ws, tools } = ctx;
  const have = (
    ws.db
      .prepare('SELECT COUNT(*) AS n FROM episodes e JOIN datasets d ON d.id = e.dataset_id WHERE d.name = ?')
      .get(SAMPLE_DATASET) as { n: number }
  ).n;
  const episodes: ImportedEpisode[] = [];
  for (let i = have; i < count; i++) {
    ctx.signal.throwIfAborted();
    ctx.progress(i / count, `Generating sample episode ${i + 1} of ${count}`);
    const traj = simulate(1000 + i);
    const times = Float64Array.from({ length: traj.steps }, (_, k) => Math.round((k * 1e9) / traj.hz));
    const streams = [
      seriesStream('observation.state', { columns: STATE_COLUMNS, timestampsNs: times, values: traj.state }),
      seriesStream('action', { columns: ACTION_COLUMNS, timestampsNs: times, values: traj.action }),
    ];
    let thumbnail: Uint8Array | null = null;
    let primaryHash: string | null = null;
    const file = path.join(ws.blobs.tmpDir, `sample-${i}.mp4`);
    try {
      if (tools) {
        await encodeRgbFrames(
          tools,
          { width: 320, height: 240, fps: traj.hz, data: render(traj, 320, 240) },
          file,
          ctx.signal,
        );
        primaryHash = await hashFile(file);
        const probe = await probeVideo(tools, file, ctx.signal);
        streams.unshift(videoStream('observation.images.top', file, primaryHash, probe));
        thumbnail = await posterFrame(tools, file, probe.durationNs * 0.5, ctx.signal);
      }
      episodes.push(
        await writeEpisode(ws, SAMPLE_DATASET, {
          name: `push-demo-${String(i + 1).padStart(2, '0')}`,
          primary: null,
          primaryHash,
          streams,
          thumbnail,
          metadata: { generator: 'sample push scene', seed: 1000 + i },
          tags: ['sample', i % 3 === 2 ? 'needs-review' : 'teleop'],
        }),
      );
    } finally {
      await rm(file, { force: true });
    }
  }
  return { episodes };
}
