import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seriesStream, writeEpisode } from '../../src/importers/importEpisode';
import { loadTrainingData } from '../../src/training/jobs/loadDataset';
import { nowIso } from '../../src/workspace/ids';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let episodeId: string;

beforeEach(async () => {
  tmp = tempDir();
  ws = Workspace.init(path.join(tmp.dir, 'ws'));
  // Ten frames at 10 Hz; each row's values are its frame index, so kept rows are easy to read.
  const times = Float64Array.from({ length: 10 }, (_, i) => i * 100_000_000);
  const values = Float32Array.from({ length: 10 }, (_, i) => i);
  const episode = await writeEpisode(ws, 'd', {
    name: 'e',
    primary: null,
    primaryHash: null,
    thumbnail: null,
    metadata: {},
    streams: [
      seriesStream('observation.state', { columns: ['x'], timestampsNs: times, values }),
      seriesStream('action', { columns: ['u'], timestampsNs: times, values: values.map((v) => -v) }),
    ],
  });
  episodeId = episode.id;
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const segment = (label: string, startS: number, endS: number) =>
  ws.db
    .prepare(
      `INSERT INTO segments (id, episode_id, start_ns, end_ns, label, instruction, color, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, '', '#4c8dff', ?, ?)`,
    )
    .run(`sg_${label}_${startS}`, episodeId, startS * 1e9, endS * 1e9, label, nowIso(), nowIso());

describe('training data selection', () => {
  it('takes whole episodes by default', async () => {
    const { data } = await loadTrainingData(ws, [episodeId]);
    expect([...data.obs]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(data.episodeStarts)).toEqual([0]);
  });

  it('honours the episode trim', async () => {
    ws.db
      .prepare('INSERT INTO episode_trims (episode_id, start_ns, end_ns, updated_at) VALUES (?, ?, ?, ?)')
      .run(episodeId, 0.2e9, 0.7e9, nowIso());
    const { data, stretches } = await loadTrainingData(ws, [episodeId]);
    expect([...data.obs]).toEqual([2, 3, 4, 5, 6, 7]);
    // The model records what it was trained on, whatever the trim becomes later.
    expect(stretches).toEqual([{ episodeId, startNs: 0.2e9, endNs: 0.7e9 }]);
    expect([...data.actions]).toEqual([-2, -3, -4, -5, -6, -7]);
  });

  it('keeps only the stretches of segments with the chosen label, each its own trajectory, inside the trim', async () => {
    ws.db
      .prepare('INSERT INTO episode_trims (episode_id, start_ns, end_ns, updated_at) VALUES (?, ?, ?, ?)')
      .run(episodeId, 0.2e9, 0.9e9, nowIso());
    segment('grasp', 0.1, 0.3);
    segment('grasp', 0.5, 0.6);
    segment('retreat', 0.7, 0.9);
    const { data, stretches } = await loadTrainingData(ws, [episodeId], { segmentLabel: 'grasp' });
    expect([...data.obs]).toEqual([2, 3, 5, 6]);
    expect(stretches).toEqual([
      { episodeId, startNs: 0.2e9, endNs: 0.3e9 },
      { episodeId, startNs: 0.5e9, endNs: 0.6e9 },
    ]);
    expect(Array.from(data.episodeStarts)).toEqual([0, 2]);
    await expect(loadTrainingData(ws, [episodeId], { segmentLabel: 'place' })).rejects.toThrow(
      /no frames inside segments labelled "place"/,
    );
  });
});
