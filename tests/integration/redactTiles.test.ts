import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coveredFraction, enlarge, type Box } from '../../src/redact/boxes';
import { openFaceDetector } from '../../src/redact/detectJob';
import { decodeFrames } from '../../src/redact/frames';
import { EGOBLUR, FIXTURES, mediaTools } from '../helpers/workspace';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-tiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The dlib photograph's face at (145, 79), 76 px, with its surroundings; scaled so the face is `size` px. */
const CROP = { x: 126, y: 60, w: 114, h: 114 };
const FACE_IN_CROP = { x: 19, y: 19, w: 76 };

/**
 * A 3840×2160 frame (PNG, lossless) of grey with the real face pasted small at each of `at`: one in
 * the open, one across the edge of the first tile column (x 1280), one near the frame's corner.
 */
function fourKFrame(file: string, size: number, at: { x: number; y: number }[]): Box[] {
  const k = size / FACE_IN_CROP.w;
  const side = Math.round(CROP.w * k);
  const photo = path.join(FIXTURES, 'faces', 'dlib', '2008_001009.jpg');
  const pastes = at.map((p, i) => `[${i === 0 ? 'bg' : `o${i - 1}`}][f${i}]overlay=${p.x}:${p.y}[o${i}]`);
  const graph = [
    `[1:v]crop=${CROP.w}:${CROP.h}:${CROP.x}:${CROP.y},scale=${side}:${side}:flags=area,split=${at.length}${at.map((_, i) => `[f${i}]`).join('')}`,
    `[0:v]null[bg]`,
    ...pastes,
  ].join(';');
  execFileSync(mediaTools().ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x808078:s=3840x2160:d=1', '-i', photo],
    ...['-filter_complex', graph, '-map', `[o${at.length - 1}]`, '-frames:v', '1', file],
  ]);
  return at.map((p) => ({ x: p.x + FACE_IN_CROP.x * k, y: p.y + FACE_IN_CROP.y * k, w: size, h: size }));
}

describe('tiled face detection on a 4K frame', () => {
  it('finds faces of about 34 px that the whole frame shrunk to 1280 px misses', async () => {
    const file = path.join(dir, 'frame4k.png');
    const faces = fourKFrame(file, 34, [
      { x: 600, y: 900 },
      { x: 1262, y: 300 },
      { x: 3760, y: 2080 },
    ]);
    const detector = await openFaceDetector();
    try {
      expect(detector.tiles(3840, 2160)).toBe(true);
      // 1080p is not tiled: it is searched whole at 1280×720 as before.
      expect(detector.tiles(1920, 1080)).toBe(false);
      expect(detector.inputSize(3840, 2160)).toEqual({ width: 3840, height: 2160 });
      let frames = 0;
      for await (const frame of decodeFrames(mediaTools(), file, { width: 3840, height: 2160 })) {
        frames++;
        const covered = (found: Box[]) =>
          faces.filter(
            (f) =>
              coveredFraction(
                f,
                found.map((b) => enlarge(b, 1.3)),
              ) >= 0.8,
          ).length;
        // The whole-frame pass alone (the 4K frame shrunk 3× to 1280×720, faces ~11 px) finds none.
        const whole = await detector.detectWhole(frame);
        expect(covered(whole)).toBe(0);
        const found = await detector.detect(frame);
        expect(covered(found)).toBe(3);
        // One box per face: the tiles' boxes of a face in two tiles are merged, none stray elsewhere.
        expect(found).toHaveLength(3);
      }
      expect(frames).toBe(1);
    } finally {
      await detector.close();
    }
  });

  it('gives a large face one box: parts of it found in tiles are left to the whole-frame pass', async () => {
    const file = path.join(dir, 'large4k.png');
    const fit = 'scale=3840:2160:force_original_aspect_ratio=decrease,pad=3840:2160:(ow-iw)/2:(oh-ih)/2';
    execFileSync(mediaTools().ffmpeg, [
      '-v',
      'error',
      '-y',
      '-i',
      EGOBLUR,
      '-frames:v',
      '1',
      '-vf',
      fit,
      file,
    ]);
    const detector = await openFaceDetector();
    try {
      for await (const frame of decodeFrames(mediaTools(), file, { width: 3840, height: 2160 })) {
        const found = await detector.detect(frame);
        expect(found).toHaveLength(1);
        expect(found[0]!.h).toBeGreaterThan(500);
      }
    } finally {
      await detector.close();
    }
  });
});
