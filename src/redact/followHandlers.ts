import { StudioError, type HandlersFor, type redactFollowCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { probeVideo } from '../media/probe';
import type { Box } from './boxes';
import { followPatch, toGrey, type GreyFrame } from './follow';
import { decodeFrames } from './frames';
import { RedactionStore } from './store';

/** Frames are followed at most this many pixels on their longer side (a face of 15 px stays 4+). */
const FOLLOW_SIDE = 480;

/** The `followBox` call: decodes the frames around the drawn box and follows it both ways. */
export function createRedactFollowHandlers({
  ws,
  media,
}: FeatureDeps): HandlersFor<typeof redactFollowCalls> {
  const store = new RedactionStore(ws.db);
  return {
    followBox: async ({ episodeId, stream, box, before, after, step }) => {
      const tools = media.tools;
      if (!tools)
        throw new StudioError('unavailable', `following a box needs ffmpeg: ${media.problem ?? ''}`);
      const video = store.videos(episodeId, stream)[0];
      if (!video) throw new StudioError('not_found', `episode ${episodeId} has no video`);
      const file = ws.blobs.pathOf(video.blob);
      const probe = await probeVideo(tools, file);
      const count = probe.timestampsNs.length;
      if (box.frame >= count)
        throw new StudioError('bad_input', `frame ${box.frame} is past the video's last frame ${count - 1}`);
      const scale = Math.min(1, FOLLOW_SIDE / Math.max(probe.width, probe.height));
      const size = { width: Math.round(probe.width * scale), height: Math.round(probe.height * scale) };
      const first = Math.max(0, box.frame - before);
      const last = Math.min(count - 1, box.frame + after);
      const frames: GreyFrame[] = [];
      // Seeks to the first frame wanted: the cost grows with the frames followed, not with `first`.
      const from = { frame: first, timesNs: probe.timestampsNs };
      for await (const f of decodeFrames(tools, file, size, { from })) {
        frames.push(toGrey(f));
        if (frames.length > last - first) break;
      }
      if (frames.length <= box.frame - first)
        throw new StudioError(
          'internal',
          `${file}: decoded ${frames.length} frames from ${first}, fewer than asked`,
        );
      const sx = size.width / probe.width;
      const sy = size.height / probe.height;
      const at = { x: box.x * sx, y: box.y * sy, w: box.w * sx, h: box.h * sy };
      const start = box.frame - first;
      const back = followPatch(frames, start, at, -1).reverse();
      const on = followPatch(frames, start, at, 1);
      const path = [...back.slice(0, -1), ...on];
      const toSource = (b: Box, frame: number) => {
        const x = Math.max(0, Math.min(probe.width - 1, Math.round(b.x / sx)));
        const y = Math.max(0, Math.min(probe.height - 1, Math.round(b.y / sy)));
        const w = Math.min(probe.width - x, Math.max(1, Math.round(b.w / sx)));
        return { frame, x, y, w, h: Math.min(probe.height - y, Math.max(1, Math.round(b.h / sy))) };
      };
      const lastFound = first + path.length - 1;
      const keyframes = path
        .map((b, i) => ({ b, frame: first + i }))
        .filter(
          ({ frame }) =>
            frame === box.frame || frame === first || frame === lastFound || (frame - box.frame) % step === 0,
        )
        .map(({ b, frame }) => (frame === box.frame ? { ...box } : toSource(b, frame)));
      return { first, last: lastFound, keyframes };
    },
  };
}
