import type { JobResult } from '../common/api';
import type { JobImplementation } from '../jobs/context';
import { probeVideo } from '../media/probe';
import { resourcePath } from '../paths';
import { earlierSearch, saveDetections, videosToSearch } from './detections';
import { detectVideo } from './detectVideo';
import { TiledDetector } from './tiledDetector';
import { YuNetDetector, type YuNetOptions } from './yunet';

export const faceModelPath = () => resourcePath('models', 'face_detection_yunet_2023mar.onnx');

/** The face detector the job uses: YuNet, with large frames also searched in tiles. */
export const openFaceDetector = async (options: Partial<YuNetOptions> = {}) =>
  new TiledDetector(await YuNetDetector.open(faceModelPath(), options));

/**
 * Job kind `detect-faces`: each distinct video blob of the episodes is decoded once, searched frame
 * by frame and its detections linked into tracks, written when the video is done. A resumed job
 * skips the videos its earlier attempt finished.
 */
export const detectFacesJob: JobImplementation<'detect-faces'> = {
  async run(ctx, { episodeIds, threshold, again }) {
    if (!ctx.tools) throw new Error('searching videos for faces needs ffmpeg, which was not found');
    const done = new Set((ctx.checkpoint as { done?: string[] } | null)?.done ?? []);
    const detector = await openFaceDetector(threshold === undefined ? {} : { threshold });
    const videos = videosToSearch(ctx.ws.db, episodeIds);
    const result: JobResult<'detect-faces'>['videos'] = [];
    try {
      for (const [i, video] of videos.entries()) {
        ctx.signal.throwIfAborted();
        const before = earlierSearch(ctx.ws.db, video.blob, detector.kind);
        // Done by an earlier attempt of this job (resumed), or searched before and not asked again.
        if (before && (done.has(video.blob) || !again)) {
          result.push({ ...video, ...before, skipped: !done.has(video.blob) });
          continue;
        }
        const file = ctx.ws.blobs.pathOf(video.blob);
        const probe = await probeVideo(ctx.tools, file, ctx.signal);
        const found = await detectVideo(ctx.tools, file, probe, detector, {
          signal: ctx.signal,
          onFrame: (n) => {
            if (n % 25 === 0)
              ctx.progress(
                (i + n / probe.timestampsNs.length) / videos.length,
                `Video ${i + 1} of ${videos.length}: frame ${n} of ${probe.timestampsNs.length}`,
              );
          },
        });
        saveDetections(ctx.ws, { video, detector: detector.kind, settings: detector.describe, ...found });
        result.push({ ...video, frames: found.frames, tracks: found.tracks.length, skipped: false });
        done.add(video.blob);
        ctx.saveCheckpoint({ done: [...done] });
        ctx.log(
          `${video.stream} (${video.blob.slice(0, 12)}): ${found.tracks.length} track(s) in ${found.frames} frames`,
        );
      }
    } finally {
      await detector.close();
    }
    const tracks = result.reduce((n, v) => n + v.tracks, 0);
    return {
      result: { videos: result },
      message: `${result.length} video(s) searched, ${tracks} face track(s)`,
    };
  },
};
