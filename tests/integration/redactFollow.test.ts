import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, jobResult } from '../../src/common/api';
import { area, intersection, type Box } from '../../src/redact/boxes';
import { createServices, type StudioServices } from '../../src/service/services';
import { taggedFaceClip } from '../helpers/redactClips';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let episodeId: string;

const call = <K extends Parameters<typeof dispatch>[1]>(name: K, input: Parameters<typeof dispatch<K>>[2]) =>
  dispatch(services.handlers, name, input);

beforeAll(async () => {
  tmp = tempDir();
  const clip = taggedFaceClip(path.join(tmp.dir, 'walk.mp4'));
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'cli' });
  const { jobId } = await call('importPaths', { paths: [clip], dataset: 'd' });
  episodeId = jobResult('import', await services.runner.waitFor(jobId)).episodes[0]!.id;
  const detect = await call('detectFaces', { episodeIds: [episodeId] });
  await services.runner.waitFor(detect.jobId);
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('following a drawn box', () => {
  it('keeps a box drawn on the moving face on it, frames before and after, without writing', async () => {
    const before = await call('episodeRedaction', { episodeId });
    const face = [...before.videos[0]!.tracks].sort((a, b) => b.boxes.length - a.boxes.length)[0]!;
    const byFrame = new Map(face.boxes.map((b) => [b.frame, b]));
    const drawn = byFrame.get(22)!;
    const box = { frame: 22, x: drawn.x, y: drawn.y, w: drawn.w, h: drawn.h };
    const followed = await call('followBox', { episodeId, box, before: 20, after: 20, step: 4 });
    expect(followed).toMatchObject({ first: 2, last: 42 });
    expect(followed.keyframes[0]!.frame).toBe(2);
    expect(followed.keyframes.at(-1)!.frame).toBe(42);
    expect(followed.keyframes.find((k) => k.frame === 22)).toEqual(box);

    // The face moves (and grows as it nears the camera): a box copied unchanged slides off it; the
    // followed box stays inside the detector's box of each frame.
    const inside = (b: Box, truth: Box) => intersection(b, truth) / area(b);
    let copiedWorst = 1;
    // The face is 114 px wide where drawn and about 150 px twenty frames before: the followed box
    // grows and shrinks with it, nearer the detector's size than the drawn size is.
    const sizeError = { followed: 0, drawn: 0 };
    for (const k of followed.keyframes) {
      const truth = byFrame.get(k.frame)!;
      expect(inside(k, truth), `frame ${k.frame}`).toBeGreaterThan(0.9);
      sizeError.followed += Math.abs(k.w - truth.w) / truth.w;
      sizeError.drawn += Math.abs(box.w - truth.w) / truth.w;
      copiedWorst = Math.min(copiedWorst, inside(box, truth));
    }
    expect(copiedWorst).toBeLessThan(0.75);
    expect(sizeError.followed).toBeLessThan(0.6 * sizeError.drawn);
    // Nothing was written.
    const after = await call('episodeRedaction', { episodeId, boxes: false });
    expect(after.videos[0]!.tracks).toHaveLength(before.videos[0]!.tracks.length);
  });
});
