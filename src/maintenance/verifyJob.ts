import type { VerifyResult } from '../common/api';
import type { JobImplementation } from '../jobs/context';
import { checkDecode } from '../media/verify';
import { readTimestamps } from '../series/readSeries';
import { MediaChecks } from './mediaChecks';

/**
 * Job kind `verify`: decodes each video once, start to end, and records the frames that did not
 * decode and the decoder's errors. Import reads only the packet index (fast); damage inside the
 * data — zero-filled ranges, flipped bits — shows only when decoding.
 */
export const verifyJob: JobImplementation<'verify'> = {
  async run(ctx, { episodeIds, again }) {
    if (!ctx.tools) throw new Error('verifying videos needs ffmpeg, which was not found');
    const checks = new MediaChecks(ctx.ws.db);
    const videos = checks.videos(episodeIds).filter((v) => again || !checks.has(v.blob));
    const result: VerifyResult = { checked: 0, damaged: [] };
    for (const [i, v] of videos.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress(i / Math.max(1, videos.length), `Decoding video ${i + 1} of ${videos.length}`);
      const expected = await readTimestamps(ctx.ws.blobs, v.timestampsBlob);
      const found = await checkDecode(ctx.tools, ctx.ws.blobs.pathOf(v.blob), expected, {
        signal: ctx.signal,
        // Decoding runs faster than real time here; ten times the duration bounds a stuck decoder.
        timeoutMs: Math.max(60_000, (v.durationNs / 1e6) * 10),
      });
      const saved = checks.save(v.blob, found);
      result.checked++;
      if (saved.status === 'damaged') {
        result.damaged.push({ ...saved, episodeIds: checks.episodesOf(v.blob), stream: v.name });
        ctx.log(
          `${v.name} (${v.blob.slice(0, 12)}): ${found.decodedFrames} of ${found.expectedFrames} frames decoded, ${found.errors} decoder error(s)`,
          'warn',
        );
      }
    }
    const message = `${result.checked} video(s) decoded, ${result.damaged.length} damaged`;
    return { result, message };
  },
};
