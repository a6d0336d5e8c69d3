import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo } from '../../src/media/probe';
import { renderRedacted } from '../../src/redact/render';
import { checkCopy } from '../../src/redact/renderJob';
import { strayTags, videoStartOffsetNs, videoTimeBase } from '../../src/redact/streamInfo';
import { greyFrame, lateVideoClip, meanDiff, taggedFaceClip } from '../helpers/redactClips';
import { mediaTools, tempDir } from '../helpers/workspace';

const npmFfmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const builds = [
  ['system ffmpeg', mediaTools().ffmpeg],
  ['npm ffmpeg 4.1', npmFfmpeg],
].filter(([, bin]) => existsSync(bin!)) as [string, string][];

let tmp: ReturnType<typeof tempDir>;
let clip: string;
beforeAll(() => {
  tmp = tempDir();
  clip = taggedFaceClip(path.join(tmp.dir, 'vfr.mp4'), 30);
});
afterAll(() => tmp.cleanup());

describe('rendering a redacted copy', () => {
  it('runs with both ffmpeg builds here', () => {
    expect(builds.map(([name]) => name)).toEqual(['system ffmpeg', 'npm ffmpeg 4.1']);
  });

  it.each(builds)(
    'keeps every frame time of a variable-rate clip and strips its metadata (%s)',
    async (name, ffmpeg) => {
      const tools = { ...mediaTools(), ffmpeg };
      const src = await probeVideo(tools, clip);
      for (const mode of ['pixelate', 'blur'] as const) {
        const out = path.join(tmp.dir, `${name.replace(/\W/g, '')}-${mode}.mp4`);
        await renderRedacted(tools, {
          source: clip,
          out,
          width: src.width,
          height: src.height,
          timestampsNs: src.timestampsNs,
          timeBase: await videoTimeBase(tools, clip),
          startOffsetNs: await videoStartOffsetNs(tools, clip),
          mask: (f) => (f === 3 ? 'all' : [{ x: 10 + f, y: 20, w: 100, h: 120 }]),
          mode,
          keepAudio: mode === 'blur',
        });
        await checkCopy(tools, clip, out, src.timestampsNs);
        expect(await strayTags(tools, out)).toEqual([]);
        // Frame 3 alone is hidden whole: the mask lines up with the variable frame times.
        const corner = { x: 200, y: 400, w: 100, h: 130 };
        const diff = (n: number) =>
          meanDiff(greyFrame(clip, n, 304, 540), greyFrame(out, n, 304, 540), 304, corner);
        expect(diff(3)).toBeGreaterThan(3);
        for (const n of [2, 4]) expect(diff(n), `frame ${n}`).toBeLessThan(2);
      }
    },
  );

  it.each(builds)(
    'hides the masked frame, not a neighbour, when the video starts after the audio (%s)',
    async (name, ffmpeg) => {
      const tools = { ...mediaTools(), ffmpeg };
      const late = lateVideoClip(tmp.dir);
      const src = await probeVideo(tools, late);
      expect(await videoStartOffsetNs(tools, late)).toBe(200_000_000);
      const out = path.join(tmp.dir, `late-${name.replace(/\W/g, '')}.mp4`);
      await renderRedacted(tools, {
        source: late,
        out,
        width: 320,
        height: 240,
        timestampsNs: src.timestampsNs,
        timeBase: await videoTimeBase(tools, late),
        startOffsetNs: await videoStartOffsetNs(tools, late),
        mask: (f) => (f === 5 ? 'all' : []),
        mode: 'pixelate',
        keepAudio: true,
      });
      const whole = { x: 0, y: 0, w: 320, h: 240 };
      const diff = (n: number) =>
        meanDiff(greyFrame(late, n, 320, 240), greyFrame(out, n, 320, 240), 320, whole);
      expect(diff(5)).toBeGreaterThan(3);
      for (const n of [0, 4, 6, 10]) expect(diff(n), `frame ${n}`).toBeLessThan(1.5);
    },
  );

  it('fails the check when a copy has other frame times', async () => {
    const tools = mediaTools();
    const src = await probeVideo(tools, clip);
    const shifted = Float64Array.from(src.timestampsNs, (t, i) => (i === 7 ? t + 1_000_000 : t));
    await expect(checkCopy(tools, clip, clip, shifted)).rejects.toThrow(/frame 7 is at/);
    await expect(checkCopy(tools, clip, clip, src.timestampsNs)).rejects.toThrow(
      /keeps metadata: .*serial_number/,
    );
  });
});
