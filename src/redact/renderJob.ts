import path from 'node:path';
import { StudioError } from '../common/api';
import type { JobContext, JobImplementation } from '../jobs/context';
import { posterFrame, probeVideo } from '../media/probe';
import type { MediaTools } from '../media/tools';
import type { Box } from './boxes';
import { posterOf, posterPlaces } from './posters';
import { renderRedacted, type FrameMask, type RedactMode } from './render';
import { RedactionStore, type RedactVideo } from './store';
import { strayTags, videoStartOffsetNs, videoTimeBase } from './streamInfo';
import { recordVersion } from './versions';

/**
 * Job kind `redact-render`: for each video of an approved episode, hides the approved tracks and the
 * whole-frame spans, checks that the copy has the source's frames at the source's times and no tag
 * outside the allowlist (the job fails otherwise), and records it as a new version. A video whose
 * newest copy already renders the current review is skipped, so a rerun continues.
 */
export const redactRenderJob: JobImplementation<'redact-render'> = {
  async run(ctx, { episodeId, stream, mode, keepAudio }) {
    if (!ctx.tools) throw new Error('rendering redacted videos needs ffmpeg, which was not found');
    const store = new RedactionStore(ctx.ws.db);
    const videos = store.videos(episodeId, stream);
    const versions = [];
    for (const [i, v] of videos.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress(i / videos.length, `Rendering ${v.stream} (${i + 1} of ${videos.length})`);
      if (store.status(v.blob) !== 'approved')
        throw new StudioError('conflict', `${v.stream}: the redaction review is not approved`);
      const { revision } = store.revision(v.blob);
      const latest = store.latestVersion(v.blob);
      const same = latest && (JSON.parse(latest.settings) as { mode?: string; keepAudio?: boolean });
      const rendered =
        latest && latest.revision === revision && same?.mode === mode && same.keepAudio === keepAudio
          ? { blob: latest.blob, reused: true, frames: 0, boxes: 0 }
          : await renderOne(ctx, ctx.tools, store, v, { episodeId, mode, keepAudio, revision });
      versions.push({ stream: v.stream, sourceBlob: v.blob, ...rendered });
    }
    return { result: { versions }, message: `${versions.length} redacted video(s)` };
  },
};

async function renderOne(
  ctx: JobContext,
  tools: MediaTools,
  store: RedactionStore,
  v: RedactVideo,
  opts: { episodeId: string; mode: RedactMode; keepAudio: boolean; revision: number },
) {
  const source = ctx.ws.blobs.pathOf(v.blob);
  const probe = await probeVideo(tools, source, ctx.signal);
  const byFrame = new Map<number, Box[]>();
  let boxes = 0;
  for (const t of store.tracks(v.blob, true)) {
    if (t.decision !== 'approved') continue;
    for (const b of t.boxes) {
      byFrame.set(b.frame, [...(byFrame.get(b.frame) ?? []), b]);
      boxes++;
    }
  }
  const spans = store.spans(v.blob);
  const mask = (f: number): FrameMask =>
    spans.some((s) => s.first <= f && f <= s.last) ? 'all' : (byFrame.get(f) ?? []);
  const out = path.join(ctx.ws.blobs.tmpDir, `redacted-${v.blob.slice(0, 12)}-${Date.now()}.mp4`);
  await renderRedacted(tools, {
    source,
    out,
    width: probe.width,
    height: probe.height,
    timestampsNs: probe.timestampsNs,
    timeBase: await videoTimeBase(tools, source, ctx.signal),
    startOffsetNs: await videoStartOffsetNs(tools, source, ctx.signal),
    mask,
    mode: opts.mode,
    keepAudio: opts.keepAudio,
    signal: ctx.signal,
  });
  await checkCopy(tools, source, out, probe.timestampsNs, ctx.signal);
  const poster = await posterFrame(tools, out, probe.durationNs * 0.1, ctx.signal);
  const thumbnails = await episodePosters(ctx, tools, source, out, v.blob);
  const blob = await ctx.ws.blobs.putFile(out);
  const posterBlob = await ctx.ws.blobs.putBytes(poster);
  recordVersion(ctx.ws, {
    sourceBlob: v.blob,
    blob: { hash: blob.hash, size: ctx.ws.blobs.size(blob.hash) },
    poster: { hash: posterBlob.hash, size: poster.length },
    thumbnails,
    revision: opts.revision,
    settings: { mode: opts.mode, keepAudio: opts.keepAudio, spans: spans.length, boxes },
    episodeId: opts.episodeId,
    stream: v.stream,
  });
  ctx.log(
    `${v.stream}: ${boxes} box(es) and ${spans.length} whole-frame span(s) hidden in ${probe.timestampsNs.length} frames`,
  );
  return { blob: blob.hash, reused: false, frames: probe.timestampsNs.length, boxes };
}

/**
 * A poster from the copy for each episode whose poster camera plays the source (a recording and its
 * parts), at the place its own poster is taken: within a part's span for a part.
 */
async function episodePosters(
  ctx: JobContext,
  tools: MediaTools,
  source: string,
  copy: string,
  blob: string,
) {
  const byPlace = new Map<number, { hash: string; size: number }>();
  const out = [];
  for (const { episodeId, atNs } of posterPlaces(ctx.ws.db, blob)) {
    let stored = byPlace.get(atNs);
    if (!stored) {
      const jpeg = await posterOf(tools, source, copy, atNs, ctx.signal);
      stored = { hash: (await ctx.ws.blobs.putBytes(jpeg)).hash, size: jpeg.length };
      byPlace.set(atNs, stored);
    }
    out.push({ episodeId, ...stored });
  }
  return out;
}

/** The copy must have every frame of the source at the same time, and no metadata outside the allowlist. */
export async function checkCopy(
  tools: MediaTools,
  source: string,
  copy: string,
  sourceTimes: Float64Array,
  signal?: AbortSignal,
): Promise<void> {
  const got = (await probeVideo(tools, copy, signal)).timestampsNs;
  if (got.length !== sourceTimes.length)
    throw new Error(
      `the redacted copy of ${source} has ${got.length} frames, the source ${sourceTimes.length}`,
    );
  const k = sourceTimes.findIndex((t, i) => t !== got[i]);
  if (k >= 0)
    throw new Error(
      `the redacted copy of ${source}: frame ${k} is at ${got[k]} ns, the source's at ${sourceTimes[k]} ns`,
    );
  const stray = await strayTags(tools, copy, signal);
  if (stray.length > 0) throw new Error(`the redacted copy of ${source} keeps metadata: ${stray.join(', ')}`);
}
