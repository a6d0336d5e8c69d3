import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeVideo } from '../../src/media/probe';
import type { MediaTools } from '../../src/media/tools';
import { decodeFrames } from '../../src/redact/frames';
import { lateVideoClip, taggedFaceClip } from '../helpers/redactClips';
import { mediaTools, tempDir } from '../helpers/workspace';

const npmFfmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const tmp = tempDir('mimic-seek-');
afterAll(() => tmp.cleanup());

// A variable-rate clip with audio (keyframe every 15 frames) and a clip whose video starts 0.2 s
// after its audio: the seek must land on the asked frame in both.
const clips = {
  vfr: taggedFaceClip(path.join(tmp.dir, 'vfr.mp4'), 45),
  late: lateVideoClip(tmp.dir),
};
const SIZE = { width: 96, height: 96 };

async function take(
  tools: MediaTools,
  file: string,
  n: number,
  from?: { frame: number; timesNs: Float64Array },
) {
  const out: Uint8Array[] = [];
  for await (const f of decodeFrames(tools, file, SIZE, from ? { from } : {})) {
    out.push(f.data);
    if (out.length === n) break;
  }
  return out;
}

describe.each([
  ['Debian ffmpeg 5.1', () => mediaTools()],
  ['npm ffmpeg 4.1', () => ({ ...mediaTools(), ffmpeg: npmFfmpeg })],
])('decoding from a frame by seeking (%s)', (_name, tools) => {
  it.each(Object.entries(clips))('starts at exactly the asked frame of the %s clip', async (_clip, file) => {
    const probe = await probeVideo(tools(), file);
    const count = probe.timestampsNs.length;
    const all = await take(tools(), file, count);
    expect(all).toHaveLength(count);
    // Inside a group of pictures, on a keyframe, the frame after one, and the last frame.
    for (const frame of [7, 15, 16, count - 1]) {
      const got = await take(tools(), file, 3, { frame, timesNs: probe.timestampsNs });
      expect(got.length, `frame ${frame}`).toBe(Math.min(3, count - frame));
      got.forEach((data, i) => expect(Buffer.compare(data, all[frame + i]!), `frame ${frame}+${i}`).toBe(0));
    }
    await expect(take(tools(), file, 1, { frame: count, timesNs: probe.timestampsNs })).rejects.toThrow(
      `no frame ${count}`,
    );
  });
});
