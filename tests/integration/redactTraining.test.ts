import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeVideo } from '../../src/media/probe';
import { recordVersion, shownVideo } from '../../src/redact/versions';
import { IMAGE_STREAM, loadTrainingData } from '../../src/training/jobs/loadDataset';
import { makeClip, mediaTools } from '../helpers/workspace';
import { FPS, openRecording, SECONDS, type RecordingWorkspace } from './episodeFixture';

let rec: RecordingWorkspace;
beforeEach(async () => {
  rec = await openRecording();
});
afterEach(() => rec.close());

const SIZE = 16;
/** How far a decoded frame's pixels stray from one colour (largest per-channel distance). */
const spread = (frames: Uint8Array, frame: number, rgb: [number, number, number]) => {
  const bytes = SIZE * SIZE * 3;
  let worst = 0;
  for (let i = frame * bytes; i < (frame + 1) * bytes; i += 3)
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(frames[i + c]! - rgb[c]!));
  return worst;
};

describe('training reads the redacted copy', () => {
  it('decodes the camera from the newest redacted version of its video once there is one', async () => {
    const { ws, origin } = rec;
    const load = async () =>
      (await loadTrainingData(ws, [origin], { images: { tools: mediaTools(), size: SIZE } })).data.images!
        .data;
    const camera = ws.db
      .prepare('SELECT blob FROM streams WHERE episode_id = ? AND name = ?')
      .get(origin, IMAGE_STREAM) as { blob: string };

    // The original is ffmpeg's busy test picture: no frame is one colour.
    const before = await load();
    expect(spread(before, 0, [0, 0, 0])).toBeGreaterThan(100);

    // A stand-in "redacted copy" with the source's frame times, flat black (ffmpeg's `color` source).
    const copy = makeClip(path.join(rec.tmp.dir, 'copy.mp4'), {
      seconds: SECONDS,
      fps: FPS,
      source: 'color',
    });
    expect((await probeVideo(mediaTools(), copy)).timestampsNs.length).toBe(SECONDS * FPS);
    const put = await ws.blobs.putFile(copy);
    recordVersion(ws, {
      sourceBlob: camera.blob,
      blob: { hash: put.hash, size: ws.blobs.size(put.hash) },
      poster: null,
      thumbnails: [],
      revision: 1,
      settings: { mode: 'pixelate' },
      episodeId: origin,
      stream: IMAGE_STREAM,
    });
    expect(shownVideo(ws.db, camera.blob)).toBe(put.hash);

    const after = await load();
    expect(after.length).toBe(before.length);
    for (const frame of [0, 17, SECONDS * FPS - 1]) expect(spread(after, frame, [0, 0, 0])).toBeLessThan(12);
  });
});
