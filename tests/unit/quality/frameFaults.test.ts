import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  detectFrameFaults,
  missingFrameFaultFilters,
  parseFrameFaults,
} from '../../../src/media/frameFaults';
import type { MediaTools } from '../../../src/media/tools';
import { datasetContext } from '../../../src/quality/context';
import { faultsSignal } from '../../../src/quality/signals/faults';
import { FAULTY_CLIP_ARGS } from '../../helpers/faultyClip';
import { makeClip, tempDir } from '../../helpers/workspace';
import { episode, reach } from './synthetic';
import { encodeRgbFrames } from '../../../src/media/encode';
import { packageRoot } from '../../../src/paths';
import { generateDemos, loadSo101Urdf } from '../../../src/sim';

const require = createRequire(import.meta.url);
const installer = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const BUILDS: [string, MediaTools][] = [
  ['Debian ffmpeg 5.1', { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' }],
  ['@ffmpeg-installer 4.1', { ffmpeg: installer, ffprobe: installer }],
];

let tmp: ReturnType<typeof tempDir>;
let clip: string;
beforeAll(() => {
  tmp = tempDir();
  clip = makeClip(path.join(tmp.dir, 'faulty.mp4'), { seconds: 7, size: '96x96', args: FAULTY_CLIP_ARGS });
});
afterAll(() => tmp.cleanup());

/** A `better` arm demonstration's top camera, encoded as the studio records it. */
async function armClip(tools: MediaTools, file: string): Promise<string> {
  const set = generateDemos({
    env: 'arm',
    episodes: 1,
    seed: 3,
    skill: 'better',
    render: true,
    urdf: loadSo101Urdf(packageRoot()),
  });
  const e = set.episodes[0]!;
  const frames = e.frames!.slice(0, e.steps);
  const { width, height } = frames[0]!;
  const data = new Uint8Array(width * height * 3 * frames.length);
  frames.forEach((f, i) => data.set(f.data, i * width * height * 3));
  await encodeRgbFrames(tools, { width, height, fps: 30, data }, file);
  return file;
}

describe.each(BUILDS)('frozen and black frames with %s', (_, tools) => {
  it('takes a motion the camera barely sees for a motion, not a freeze (an arm descending under a top camera)', async () => {
    const clip = await armClip(
      tools,
      path.join(tmp.dir, `arm-${tools.ffmpeg === installer ? 'a' : 'b'}.mp4`),
    );
    // The arm moves throughout this clip, but its descents and the jaws' squeeze change few pixels
    // of a top view: at ffmpeg's default noise of 0.001 those stretches read as frozen.
    expect((await detectFrameFaults(tools, clip)).frozen).toEqual([]);
  });

  it('has both filters and finds the frozen and the black stretch at their times', async () => {
    expect(await missingFrameFaultFilters(tools)).toEqual([]);
    const f = await detectFrameFaults(tools, clip);
    // The black stretch is also a frozen one (every black frame is the same).
    expect(f.frozen).toEqual([
      [2, 3.5],
      [4.5, 5.5],
    ]);
    expect(f.black).toEqual([[4.5, 5.5]]);
  });
});

describe('frame faults in the recording-faults signal', () => {
  it('reads a stretch still open at the end of the file as lasting to the end', () => {
    const log = [
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_start: 1.5',
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_duration: 1',
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_end: 2.5',
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_start: 6',
      '[blackdetect @ 0x2] black_start:3 black_end:4 black_duration:1',
    ].join('\n');
    expect(parseFrameFaults(log)).toEqual({
      frozen: [
        [1.5, 2.5],
        [6, null],
      ],
      black: [[3, 4]],
    });
  });

  it('flags black once and a frozen picture only while the robot moves', () => {
    // A reach that rests from 4 s to the end (frames 40-69): a frozen picture there is no fault.
    const rows = [...reach(40), ...Array.from({ length: 30 }, () => [1, 1])];
    const video = {
      name: 'observation.images.top',
      timesNs: Float64Array.from({ length: 70 }, (_, i) => i * 1e8),
      missing: [],
      frozen: [
        [1e9, 2.5e9],
        [3e9, 3.9e9],
        [4.5e9, 6e9],
      ] as [number, number][],
      black: [[3e9, 3.9e9]] as [number, number][],
    };
    const ep = episode('cam', rows, { videos: [video] });
    const r = faultsSignal(ep, datasetContext([ep, episode('u', reach(50)), episode('v', reach(45))]));
    const reasons = r.spans.map((s) => [s.startNs, s.endNs, s.reason]);
    expect(reasons).toEqual([
      [
        1e9,
        2.5e9,
        'observation.images.top: the picture does not change for 1.5 s from 1.0 s while the robot moves (ffmpeg freezedetect)',
      ],
      [3e9, 3.9e9, 'observation.images.top: the picture is black for 0.9 s from 3.0 s (ffmpeg blackdetect)'],
    ]);
  });
});
