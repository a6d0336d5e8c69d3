import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, jobResult, StudioError } from '../../src/common/api';
import { auditCsv } from '../../src/common/redactAuditCsv';
import { exportedEpisodes } from '../../src/exporters/selection';
import { fileReply } from '../../src/host/media';
import { createMediaResolver } from '../../src/host/mediaRoutes';
import { posterFrame, probeVideo } from '../../src/media/probe';
import { posterPlaces } from '../../src/redact/posters';
import { shownVideo } from '../../src/redact/versions';
import { strayTags } from '../../src/redact/streamInfo';
import { createServices, type StudioServices } from '../../src/service/services';
import { collectGarbage } from '../../src/workspace/gc';
import { faceClip, greyFrame, meanDiff, taggedFaceClip } from '../helpers/redactClips';
import { EGOBLUR, mediaTools, tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let clip: string;
let episodeId: string;
let longId: string;

const call = <K extends Parameters<typeof dispatch>[1]>(name: K, input: Parameters<typeof dispatch<K>>[2]) =>
  dispatch(services.handlers, name, input);

beforeAll(async () => {
  tmp = tempDir();
  clip = taggedFaceClip(path.join(tmp.dir, 'bodycam.mp4'));
  process.env['MIMIC_USER'] = 'Ada Reviewer';
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'cli' });
  const { jobId } = await call('importPaths', { paths: [clip], dataset: 'd' });
  episodeId = jobResult('import', await services.runner.waitFor(jobId)).episodes[0]!.id;
});
afterAll(async () => {
  delete process.env['MIMIC_USER'];
  await services.close();
  tmp.cleanup();
});

describe('privacy redaction from detection to an approved, redacted copy', () => {
  it('finds the face in every frame and keeps the episode out of exports until it is reviewed', async () => {
    const { jobId } = await call('detectFaces', { episodeIds: [episodeId] });
    const found = jobResult('detect-faces', await services.runner.waitFor(jobId));
    expect(found.videos).toHaveLength(1);
    expect(found.videos[0]!.frames).toBe(45);
    const r = await call('episodeRedaction', { episodeId, boxes: true });
    expect(r.status).toBe('unreviewed');
    const framesWithBox = new Set(r.videos[0]!.tracks.flatMap((t) => t.boxes.map((b) => b.frame)));
    expect(framesWithBox.size).toBe(45);

    const req = { dataset: 'd', excludeTags: [] };
    expect(() => exportedEpisodes(services.ws, req)).toThrow(
      /left out because their redaction.*not reviewed/,
    );
    // Forced with a reason: written, and the reason is in the audit trail.
    expect(
      exportedEpisodes(services.ws, { ...req, forceUnredacted: 'internal QA only' }).episodes,
    ).toHaveLength(1);
    const audit = await call('redactionAudit', { episodeId });
    const forced = audit.entries.find((e) => e.action === 'export.redaction-forced')!;
    expect(forced).toMatchObject({ actor: 'Ada Reviewer', detail: { reason: 'internal QA only' } });
  });

  it('records each decision with its reviewer, shares the review with a part of the recording, and needs every track decided', async () => {
    const r = await call('episodeRedaction', { episodeId, boxes: true });
    const [main, ...others] = [...r.videos[0]!.tracks].sort((a, b) => b.boxes.length - a.boxes.length);
    await expect(call('approveRedaction', { episodeId })).rejects.toThrow(/not reviewed/);
    expect(await call('decideTrack', { episodeId, trackId: main!.id, decision: 'approved' })).toEqual({
      previous: 'pending',
    });
    for (const t of others) await call('decideTrack', { episodeId, trackId: t.id, decision: 'rejected' });
    // A keyframe edit (and its undo), a drawn box held over frames 30–44, a whole-frame span.
    const moved = { frame: 10, x: 40, y: 60, w: 200, h: 220 };
    expect(await call('setKeyframe', { episodeId, trackId: main!.id, box: moved })).toEqual({
      previous: null,
    });
    const at10 = (await call('episodeRedaction', { episodeId, boxes: true })).videos[0]!.tracks.find(
      (t) => t.id === main!.id,
    )!;
    expect(at10.boxes.find((b) => b.frame === 10)).toMatchObject({ x: 40, y: 60, w: 200, h: 220 });
    const window = await call('episodeRedaction', { episodeId, fromFrame: 10, toFrame: 12 });
    expect(window.videos[0]!.tracks.find((t) => t.id === main!.id)!.boxes.map((b) => b.frame)).toEqual([
      10, 11, 12,
    ]);
    const drawn = await call('addTrack', {
      episodeId,
      first: 30,
      last: 44,
      keyframes: [{ frame: 35, x: 0, y: 400, w: 80, h: 80 }],
    });
    await call('addSpan', { episodeId, first: 0, last: 1 });
    await expect(call('addSpan', { episodeId, first: 40, last: 45 })).rejects.toThrow(
      /frame 45 is past the video's last frame \(44\)/,
    );
    await expect(
      call('setKeyframe', { episodeId, trackId: main!.id, box: { ...moved, x: 400 } }),
    ).rejects.toThrow(/outside the 304×540 picture/);

    const parts = await call('splitEpisode', { episodeId, atNs: [700_000_000] });
    const part = parts.created[1]!.id;
    const seen = await call('episodeRedaction', { episodeId: part, boxes: false });
    expect(seen.videos[0]!.tracks.map((t) => t.id).sort()).toEqual(
      [main!.id, drawn.id, ...others.map((t) => t.id)].sort(),
    );
    expect(await call('approveRedaction', { episodeId: part })).toEqual({
      status: 'approved',
      approvedTracks: 0,
    });
    expect((await call('redactionStatuses', { episodeIds: [episodeId, part] })).map((s) => s.status)).toEqual(
      ['approved', 'approved'],
    );

    const trail = (await call('redactionAudit', { episodeId })).entries;
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'redact.detect',
        'redact.track.approve',
        'redact.keyframe.set',
        'redact.track.add',
        'redact.span.add',
        'redact.approve',
      ]),
    );
    for (const e of trail) expect(e.actor).toBe('Ada Reviewer');
    const csv = auditCsv(trail).split('\r\n');
    expect(csv[0]).toBe('id,at,actor,role,action,target,episodeId,detail');
    expect(csv.filter((l) => l.includes('redact.track.approve'))).toHaveLength(1);
    // An edit after the approval reopens the review.
    await call('decideTrack', { episodeId, trackId: main!.id, decision: 'approved' });
    await call('deleteKeyframe', { episodeId, trackId: main!.id, frame: 10 });
    expect((await call('episodeRedaction', { episodeId, boxes: false })).status).toBe('in_review');
    await call('setKeyframe', { episodeId, trackId: main!.id, box: moved });
    await call('approveRedaction', { episodeId });
  });

  it('renders a copy with the source frames at the source times, the approved boxes hidden and the metadata gone', async () => {
    const { jobId } = await call('renderRedacted', { episodeId });
    const result = jobResult('redact-render', await services.runner.waitFor(jobId));
    const version = result.versions[0]!;
    const tools = mediaTools();
    const copy = services.ws.blobs.pathOf(version.blob);
    const [src, out] = await Promise.all([probeVideo(tools, clip), probeVideo(tools, copy)]);
    expect(out.timestampsNs).toEqual(src.timestampsNs);
    // The clip is variable-rate: its frame intervals are not all equal.
    expect(new Set(src.timestampsNs.slice(1).map((t, i) => t - src.timestampsNs[i]!)).size).toBeGreaterThan(
      10,
    );
    expect(await strayTags(tools, clip)).not.toEqual([]);
    expect(await strayTags(tools, copy)).toEqual([]);
    const bytes = readFileSync(copy);
    for (const gone of ['CAM-SN-0042', 'SENSOR-77', '+37.7749', 'x264 - core', 'Lavc', 'Acme'])
      expect(bytes.includes(gone), gone).toBe(false);
    for (const there of ['CAM-SN-0042', 'x264 - core'])
      expect(readFileSync(clip).includes(there), there).toBe(true);
    // Audio dropped (not kept).
    expect(await streamsOf(copy)).toEqual(['video']);

    // Inside the edited box at frame 10 the picture changed; a corner no box touches did not (beyond coding noise).
    const [a, b] = [greyFrame(clip, 10, 304, 540), greyFrame(copy, 10, 304, 540)];
    expect(meanDiff(a, b, 304, { x: 60, y: 80, w: 160, h: 180 })).toBeGreaterThan(8);
    expect(meanDiff(a, b, 304, { x: 250, y: 480, w: 50, h: 50 })).toBeLessThan(4);
    // The whole-frame span hides frame 0 entirely.
    const [a0, b0] = [greyFrame(clip, 0, 304, 540), greyFrame(copy, 0, 304, 540)];
    expect(meanDiff(a0, b0, 304, { x: 250, y: 480, w: 50, h: 50 })).toBeGreaterThan(2);
  });

  it('takes the poster of the recording and of each of its parts from the copy, each at its own place', async () => {
    const { db, blobs } = services.ws;
    const tools = mediaTools();
    const source = (await call('episodeRedaction', { episodeId, boxes: false })).videos[0]!.blob;
    const main = [...(await call('episodeRedaction', { episodeId, boxes: true })).videos[0]!.tracks].sort(
      (a, b) => b.boxes.length - a.boxes.length,
    )[0]!;
    const times = (await probeVideo(tools, clip)).timestampsNs;
    const parts = (
      db.prepare('SELECT id FROM episodes WHERE origin_id = ? ORDER BY origin_offset_ns').all(episodeId) as {
        id: string;
      }[]
    ).map((r) => r.id);
    expect(parts).toHaveLength(2);
    const places = posterPlaces(db, source);
    expect(places.map((p) => p.episodeId).sort()).toEqual([episodeId, ...parts].sort());
    const seen = new Set<string>();
    for (const { episodeId: id, atNs } of places) {
      const thumb = (
        db.prepare('SELECT thumbnail_blob FROM episodes WHERE id = ?').get(id) as {
          thumbnail_blob: string;
        }
      ).thumbnail_blob;
      seen.add(thumb);
      const redacted = posterGrey(blobs.pathOf(thumb));
      const original = posterGrey(await posterFile(tools, clip, atNs));
      // The face box of the frame the poster shows (the first at or after its place), well inside.
      const frame = times.findIndex((t) => t >= atNs);
      const box = main.boxes.find((b) => b.frame === frame)!;
      const inner = { x: box.x + box.w * 0.2, y: box.y + box.h * 0.2, w: box.w * 0.6, h: box.h * 0.6 };
      const at = `${id} at ${atNs} ns (frame ${frame})`;
      expect(meanDiff(original, redacted, 304, whole(inner)), at).toBeGreaterThan(8);
      // Pixelated: each block is one grey, so the pixels of the face vary less than in the source.
      expect(variance(redacted, inner), at).toBeLessThan(0.85 * variance(original, inner));
      // It is the copy's picture of that very frame (up to JPEG coding), the whole frame over.
      const copy = blobs.pathOf(shownVideo(db, source));
      const frameBox = { x: 0, y: 0, w: 304, h: 540 };
      expect(meanDiff(greyFrame(copy, frame, 304, 540), redacted, 304, frameBox), at).toBeLessThan(3);
      // Away from every box the picture is the source's, beyond coding noise.
      expect(meanDiff(original, redacted, 304, { x: 250, y: 480, w: 50, h: 50 }), at).toBeLessThan(4);
    }
    // Three episodes, three places: the recording and its parts each keep a poster of their own.
    expect(seen.size).toBe(3);

    // A part cut after the render takes its poster from the copy too.
    const later = (await call('splitEpisode', { episodeId: parts[1]!, atNs: [800_000_000] })).created;
    for (const { id } of later) {
      const { atNs } = posterPlaces(db, source).find((p) => p.episodeId === id)!;
      const thumb = (await call('getEpisode', { id })).thumbnailBlob!;
      const frame = times.findIndex((t) => t >= atNs);
      const copy = greyFrame(blobs.pathOf(shownVideo(db, source)), frame, 304, 540);
      const box = main.boxes.find((b) => b.frame === frame)!;
      const face = whole({ x: box.x + box.w * 0.2, y: box.y + box.h * 0.2, w: box.w * 0.6, h: box.h * 0.6 });
      expect(meanDiff(copy, posterGrey(blobs.pathOf(thumb)), 304, face), id).toBeLessThan(4);
      expect(meanDiff(copy, posterGrey(await posterFile(tools, clip, atNs)), 304, face), id).toBeGreaterThan(
        8,
      );
    }
  });

  it('serves and exports the redacted copy, and keeps it through garbage collection', async () => {
    const r = await call('episodeRedaction', { episodeId, boxes: false });
    const v = r.videos[0]!;
    expect(v.version).toMatchObject({ current: true });
    // Asked again for the same review and settings, the copy is reused.
    const again = await call('renderRedacted', { episodeId });
    const reused = jobResult('redact-render', await services.runner.waitFor(again.jobId)).versions[0]!;
    expect(reused).toMatchObject({ reused: true, blob: v.version!.blob });
    const resolve = createMediaResolver(services.ws);
    expect(resolve(`video/${v.blob}`)!.file).toBe(services.ws.blobs.pathOf(v.version!.blob));
    expect(resolve(`blob/${v.blob}`)!.file).toBe(services.ws.blobs.pathOf(v.blob));
    // The video route now answers with other bytes than before the render: browsers must ask again,
    // while a content-addressed blob stays cacheable for good.
    const shown = resolve(`video/${v.blob}`)!;
    const videoReply = fileReply(shown.file, shown.mime, undefined, true, shown.version);
    expect(videoReply.headers).toMatchObject({
      'cache-control': 'private, no-cache',
      etag: `"${v.version!.blob}"`,
    });
    const original = resolve(`blob/${v.blob}`)!;
    const blobReply = fileReply(original.file, original.mime, undefined, true, original.version);
    expect(blobReply.headers['cache-control']).toContain('immutable');
    expect(exportedEpisodes(services.ws, { dataset: 'd', excludeTags: [] }).leftOut).toEqual([]);
    const poster = (await call('getEpisode', { id: episodeId })).thumbnailBlob!;
    const report = collectGarbage(services.ws, { dryRun: false, now: Date.now() + 10 * 3600_000 });
    expect(report.removed).toBeGreaterThan(0); // the unredacted poster
    expect(services.ws.blobs.has(v.version!.blob)).toBe(true);
    expect(services.ws.blobs.has(poster)).toBe(true);
    expect(services.ws.blobs.has(v.blob)).toBe(true);
  });

  it('stops a detection when cancelled, writing nothing for the video', async () => {
    const imported = await call('importPaths', { paths: [EGOBLUR], dataset: 'long' });
    longId = jobResult('import', await services.runner.waitFor(imported.jobId)).episodes[0]!.id;
    const { jobId } = await call('detectFaces', { episodeIds: [longId] });
    await new Promise<void>((resolve) => {
      const off = services.runner.onJob((j) => {
        if (j.id === jobId && j.state === 'running' && (j.progress ?? 0) > 0) {
          off();
          resolve();
        }
      });
    });
    await call('cancelJob', { id: jobId });
    expect((await services.runner.waitFor(jobId)).state).toBe('cancelled');
    const r = await call('episodeRedaction', { episodeId: longId, boxes: false });
    expect(r.videos[0]).toMatchObject({ detected: [], tracks: [], status: 'unreviewed' });
  });

  it('continues after its worker is killed, without searching a finished video again', async () => {
    const short = taggedFaceClip(path.join(tmp.dir, 'short.mp4'), 20);
    const long = faceClip(path.join(tmp.dir, 'long.mp4'), 150);
    const imported = await call('importPaths', { paths: [short, long], dataset: 'resume' });
    const eps = jobResult('import', await services.runner.waitFor(imported.jobId)).episodes;
    const [shortEp, longEp] = [20, 150].map((n) => eps.find((e) => e.streams[0]!.frames === n)!.id) as [
      string,
      string,
    ];
    const shortBlob = (await call('episodeRedaction', { episodeId: shortEp, boxes: false })).videos[0]!.blob;
    const job = services.runner.enqueue('detect-faces', 'killed worker', {
      episodeIds: [shortEp, longEp],
      again: false,
    });
    const searched = () => services.ws.db.prepare('SELECT 1 FROM redact_runs WHERE blob = ?').get(shortBlob);
    for (let i = 0; i < 600 && !(searched() && services.runner.workerPid(job.id)); i++)
      await new Promise((r) => setTimeout(r, 50));
    process.kill(services.runner.workerPid(job.id)!, 'SIGKILL');
    const done = await services.runner.waitFor(job.id);
    expect(done.attempts).toBe(2);
    const result = jobResult('detect-faces', done);
    expect(result.videos.map((v) => [v.frames, v.tracks > 0])).toEqual([
      [20, true],
      [150, true],
    ]);
    expect(result.videos[1]!.skipped).toBe(false);
    const detections = (await call('redactionAudit', {})).entries.filter(
      (e) => e.action === 'redact.detect' && (e.detail as { blob: string }).blob === shortBlob,
    );
    expect(detections).toHaveLength(1);
  });

  it('refuses edits of a track through an episode that does not hold it', async () => {
    const other = await call('episodeRedaction', { episodeId, boxes: false });
    await expect(
      call('decideTrack', {
        episodeId: 'ep-none',
        trackId: other.videos[0]!.tracks[0]!.id,
        decision: 'rejected',
      }),
    ).rejects.toBeInstanceOf(StudioError);
  });
});

async function streamsOf(file: string): Promise<string[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(mediaTools().ffprobe, [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type',
    '-of',
    'csv=p=0',
    file,
  ]);
  return out.toString().trim().split('\n');
}

/** A poster of the source clip at `atNs` (as the import takes it), written to a file. */
async function posterFile(tools: ReturnType<typeof mediaTools>, file: string, atNs: number): Promise<string> {
  const out = path.join(tmp.dir, `poster-${atNs}.jpg`);
  writeFileSync(out, await posterFrame(tools, file, atNs));
  return out;
}

/** A JPEG poster (320 px wide) as grey pixels scaled back to the clip's 304×540. */
function posterGrey(file: string): Uint8Array {
  const out = execFileSync(mediaTools().ffmpeg, [
    ...['-v', 'error', '-i', file, '-vf', 'scale=304:540', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
  ]);
  return new Uint8Array(out);
}

const whole = (b: { x: number; y: number; w: number; h: number }) => ({
  x: Math.round(b.x),
  y: Math.round(b.y),
  w: Math.round(b.w),
  h: Math.round(b.h),
});

/** Variance of the grey pixels inside `box`. */
function variance(grey: Uint8Array, box: { x: number; y: number; w: number; h: number }): number {
  const b = whole(box);
  let m = 0;
  let m2 = 0;
  for (let y = b.y; y < b.y + b.h; y++)
    for (let x = b.x; x < b.x + b.w; x++) {
      const v = grey[y * 304 + x]!;
      m += v;
      m2 += v * v;
    }
  const n = b.w * b.h;
  return m2 / n - (m / n) ** 2;
}
