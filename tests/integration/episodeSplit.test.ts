import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EpisodeParts } from '../../src/episodes/parts';
import { JobRunner } from '../../src/jobs/runner';
import { defaultWorkerScript } from '../../src/paths';
import { createHandlers } from '../../src/service/studioService';
import { loadTrainingData, selectEpisodes } from '../../src/training/jobs/loadDataset';
import { hashFile } from '../../src/workspace/blobs';
import type { Workspace } from '../../src/workspace/workspace';
import { mediaTools } from '../helpers/workspace';
import {
  addSegment,
  CAMERA,
  catalogOf,
  segmentsOf,
  setTrim,
  snapshot,
  streamOf,
  times,
  trimOf,
  openRecording,
  sec,
  type RecordingWorkspace,
} from './episodeFixture';

let ws: Workspace;
let parts: EpisodeParts;
let origin: string;

let opened: RecordingWorkspace;
beforeEach(async () => {
  opened = await openRecording();
  ({ ws, parts, origin } = opened);
});
afterEach(() => opened.close());

const episode = (id: string) => catalogOf(ws).getEpisode(id);
const bytes = async (hash: string) => Buffer.from(await ws.blobs.read(hash));

describe('splitting an episode', () => {
  it('cuts every stream at the cuts: frames and rows add up to the original, times rebased', async () => {
    const before = snapshot(ws, origin);
    const r = await parts.split(origin, [sec(2.5), sec(1.25)]);
    expect(r.hidden).toEqual([origin]);
    expect(r.created.map((p) => p.origin)).toEqual([
      { episodeId: origin, offsetNs: 0 },
      { episodeId: origin, offsetNs: sec(1.25) },
      { episodeId: origin, offsetNs: sec(2.5) },
    ]);
    expect(r.created.map((p) => p.durationNs)).toEqual([sec(1.25), sec(1.25), sec(1.5)]);
    expect(r.created.map((p) => p.name)).toEqual([
      'pick 0.00–1.25 s',
      'pick 1.25–2.50 s',
      'pick 2.50–4.00 s',
    ]);

    const whole = episode(origin);
    const pieces = r.created.map((p) => episode(p.id));
    for (const s of whole.streamDetails) {
      const own = pieces.map((p) => streamOf(p, s.name));
      expect(own.reduce((n, x) => n + x.frames, 0)).toBe(s.frames);
      // Each part's times plus its offset are the original's times in its window, in order.
      const shifted = (
        await Promise.all(
          own.map(async (x, i) =>
            (await times(ws, x)).map((t) => t + BigInt(r.created[i]!.origin!.offsetNs)),
          ),
        )
      ).flat();
      expect(shifted).toEqual(await times(ws, s));
      if (s.kind === 'series') {
        const joined = Buffer.concat(await Promise.all(own.map((x) => bytes(x.blob))));
        expect(joined.equals(await bytes(s.blob))).toBe(true);
        expect(own.map((x) => x.video)).toEqual([null, null, null]);
      } else {
        // The video file is shared, not re-encoded; the part says where its t=0 lies in it.
        expect(own.map((x) => x.blob)).toEqual([s.blob, s.blob, s.blob]);
        expect(own.map((x) => x.video?.offsetNs)).toEqual([undefined, sec(1.25), sec(2.5)]);
        expect(own[1]!.video).toMatchObject({ ...s.video, offsetNs: sec(1.25) });
      }
    }
    // 10 fps: frames at 1.3 s … 2.4 s fall in the second part, the first one 50 ms after its start.
    const camera = streamOf(pieces[1]!, CAMERA);
    expect(camera.frames).toBe(12);
    expect((await times(ws, camera))[0]).toBe(50_000_000n);
    expect(pieces.map((p) => streamOf(p, 'gripper').frames)).toEqual([63, 62, 75]);

    // The original keeps every row and blob as it was; only hidden_at is set.
    expect(snapshot(ws, origin)).toEqual(before);
    for (const s of whole.streamDetails) {
      expect(await hashFile(ws.blobs.pathOf(s.blob))).toBe(s.blob);
      expect(await hashFile(ws.blobs.pathOf(s.timestampsBlob))).toBe(s.timestampsBlob);
    }
    expect(whole.hidden).toBe(true);
  });

  it('moves segments into the parts, clipping those a cut crosses, and clips the trim', async () => {
    addSegment(ws, origin, 0.5, 2.0, 'reach');
    addSegment(ws, origin, 1.2495, 1.3, 'sliver');
    addSegment(ws, origin, 2.6, 3.0, 'place');
    setTrim(ws, origin, 0.3, 2.0);
    const r = await parts.split(origin, [sec(1.25), sec(2.5)]);
    const [a, b, c] = r.created.map((p) => p.id);
    expect(segmentsOf(ws, a!)).toEqual([{ startNs: sec(0.5), endNs: sec(1.25), label: 'reach' }]);
    // The 0.5 ms of "sliver" before the cut is dropped; the rest moves to the second part.
    expect(segmentsOf(ws, b!)).toEqual([
      { startNs: 0, endNs: sec(0.05), label: 'sliver' },
      { startNs: 0, endNs: sec(0.75), label: 'reach' },
    ]);
    expect(segmentsOf(ws, c!)).toEqual([{ startNs: sec(0.1), endNs: sec(0.5), label: 'place' }]);
    expect(trimOf(ws, a!)).toEqual({ startNs: sec(0.3), endNs: sec(1.25) });
    expect(trimOf(ws, b!)).toEqual({ startNs: 0, endNs: sec(0.75) });
    expect(trimOf(ws, c!)).toBeUndefined();
    // The original keeps its own segments.
    expect(segmentsOf(ws, origin)).toHaveLength(3);
  });

  it('copies tags, ground truth, metadata and thumbnail, and records where each part came from', async () => {
    const r = await parts.split(origin, [sec(2)]);
    const whole = episode(origin);
    for (const p of r.created) {
      const e = episode(p.id);
      expect(e.tags).toEqual(['demo']);
      expect(e.thumbnailBlob).toBe(whole.thumbnailBlob);
      expect(e.metadata).toEqual({
        operator: 'ana',
        origin: { episodeId: origin, offsetNs: p.origin!.offsetNs },
      });
      expect(e.sourcePath).toBe(whole.sourcePath);
      const truth = ws.db.prepare('SELECT data FROM episode_ground_truth WHERE episode_id = ?').get(p.id);
      expect(truth).toEqual({ data: JSON.stringify({ skill: 'better' }) });
    }
    const audit = ws.db.prepare(`SELECT target, detail FROM audit WHERE action = 'episode.split'`).all() as {
      target: string;
      detail: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target).toBe(origin);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({
      atNs: [sec(2)],
      created: r.created.map((p) => p.id),
    });
  });

  it('gives each part a poster frame of its own when ffmpeg is there', async () => {
    const withTools = new EpisodeParts(ws, mediaTools());
    const { created } = await withTools.split(origin, [sec(2)]);
    const posters = created.map((c) => c.thumbnailBlob!);
    expect(new Set([...posters, episode(origin).thumbnailBlob]).size).toBe(3);
    for (const hash of posters) {
      expect((await bytes(hash)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(ws.db.prepare('SELECT mime FROM blobs WHERE hash = ?').get(hash)).toEqual({
        mime: 'image/jpeg',
      });
    }
  });

  it('leaves the hidden original out of every list, count and training selection', async () => {
    const runner = new JobRunner(ws, { workerScript: defaultWorkerScript() });
    const api = createHandlers({
      ws,
      runner,
      media: { tools: null, problem: null },
      host: 'web',
      libraryChanged: () => {},
    });
    const r = await api.splitEpisode({ episodeId: origin, atNs: [sec(2)] });
    const ids = r.created.map((p) => p.id).sort();
    const listed = await api.listEpisodes({ sort: 'created', offset: 0, limit: 200, includeHidden: false });
    expect(listed.items.map((e) => e.id).sort()).toEqual(ids);
    expect(listed.total).toBe(2);
    expect((await api.listDatasets({})).find((d) => d.name === 'arm')!.episodeCount).toBe(2);
    expect(await api.listTags({})).toEqual([{ tag: 'demo', count: 2 }]);
    expect(selectEpisodes(ws, { dataset: 'arm', excludeTags: [] }).sort()).toEqual(ids);
    const trimmed = await api.trimIdle({ datasetId: r.created[0]!.datasetId, dryRun: true });
    expect(trimmed.episodes.map((e) => e.id).sort()).toEqual(ids);
    // A stale link still opens it, and says so.
    expect((await api.getEpisode({ id: origin })).hidden).toBe(true);
    expect(listed.items.every((e) => !e.hidden)).toBe(true);
  });

  it('gives the training loader the same camera frames for a part as for the original in its window', async () => {
    const r = await parts.split(origin, [sec(1.25)]);
    const images = { tools: mediaTools(), size: 16 };
    const whole = await loadTrainingData(ws, [origin], { images });
    const second = await loadTrainingData(ws, [r.created[1]!.id], { images });
    const frame = 16 * 16 * 3;
    // Rows (and frames) 13..39 of the original: 1.3 s to 3.9 s.
    expect([...second.data.obs.subarray(0, 2)]).toEqual([13, 13.5]);
    expect(second.data.images!.data.length).toBe(27 * frame);
    expect(
      Buffer.from(second.data.images!.data).equals(Buffer.from(whole.data.images!.data.subarray(13 * frame))),
    ).toBe(true);
    // A frame earlier would differ: the comparison can tell frames apart.
    expect(
      Buffer.from(second.data.images!.data.subarray(0, frame)).equals(
        Buffer.from(whole.data.images!.data.subarray(12 * frame, 13 * frame)),
      ),
    ).toBe(false);
  });
});

describe('merging parts', () => {
  it('merging every part back gives the original rows exactly, segments and trim included', async () => {
    addSegment(ws, origin, 0.5, 2.0, 'reach');
    setTrim(ws, origin, 0.3, 3.5);
    const split = await parts.split(origin, [sec(1.25), sec(2.5)]);
    const merged = await parts.merge(split.created.map((p) => p.id).reverse());
    expect(merged.hidden).toEqual(split.created.map((p) => p.id));
    const [m] = merged.created;
    expect(m!.origin).toEqual({ episodeId: origin, offsetNs: 0 });
    const back = episode(m!.id);
    const whole = episode(origin);
    expect(back.durationNs).toBe(whole.durationNs);
    const shape = (e: typeof whole) =>
      e.streamDetails.map(({ id: _id, ...s }) => s).sort((a, b) => a.name.localeCompare(b.name));
    // Content-addressed blobs: the same rows are the same blobs.
    expect(shape(back)).toEqual(shape(whole));
    expect(segmentsOf(ws, m!.id)).toEqual([{ startNs: sec(0.5), endNs: sec(2.0), label: 'reach' }]);
    expect(trimOf(ws, m!.id)).toEqual({ startNs: sec(0.3), endNs: sec(3.5) });
    expect(
      catalogOf(ws)
        .listEpisodes({})
        .items.map((e) => e.id),
    ).toEqual([m!.id]);
  });

  it('merges across levels: a part of a part points at the root with the cumulative offset', async () => {
    const [a, b, c] = (await parts.split(origin, [sec(1), sec(3)])).created;
    const inner = await parts.split(b!.id, [sec(0.5)]);
    expect(inner.created.map((p) => p.origin)).toEqual([
      { episodeId: origin, offsetNs: sec(1) },
      { episodeId: origin, offsetNs: sec(1.5) },
    ]);
    expect(inner.created.map((p) => p.name)).toEqual(['pick 1.00–1.50 s', 'pick 1.50–3.00 s']);
    const [b1, b2] = inner.created;
    const acrossLevels = await parts.merge([b2!.id, c!.id]);
    expect(acrossLevels.created[0]).toMatchObject({
      origin: { episodeId: origin, offsetNs: sec(1.5) },
      durationNs: sec(2.5),
    });
    const all = await parts.merge([a!.id, b1!.id, acrossLevels.created[0]!.id]);
    const back = episode(all.created[0]!.id);
    const whole = episode(origin);
    for (const s of whole.streamDetails) {
      expect(streamOf(back, s.name).blob).toBe(s.blob);
      expect(streamOf(back, s.name).timestampsBlob).toBe(s.timestampsBlob);
      expect(streamOf(back, s.name).frames).toBe(s.frames);
    }
  });

  it('undo and redo are a show/hide of the same rows', async () => {
    const r = await parts.split(origin, [sec(2)]);
    const ids = r.created.map((p) => p.id);
    parts.setHidden([origin], ids);
    expect(
      catalogOf(ws)
        .listEpisodes({})
        .items.map((e) => e.id),
    ).toEqual([origin]);
    parts.setHidden(ids, [origin]);
    expect(
      catalogOf(ws)
        .listEpisodes({})
        .items.map((e) => e.id)
        .sort(),
    ).toEqual([...ids].sort());
    const actions = ws.db.prepare(`SELECT action FROM audit WHERE action LIKE 'episode.%' ORDER BY id`).all();
    expect(actions.map((a) => (a as { action: string }).action)).toEqual([
      'episode.split',
      'episode.show',
      'episode.hide',
      'episode.hide',
      'episode.show',
      'episode.show',
      'episode.hide',
    ]);
  });
});
