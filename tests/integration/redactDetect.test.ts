import { describe, expect, it } from 'vitest';
import { coveredFraction, enlarge, iou } from '../../src/redact/boxes';
import { faceModelPath } from '../../src/redact/detectJob';
import { detectVideo } from '../../src/redact/detectVideo';
import { decodeFrames } from '../../src/redact/frames';
import { YuNetDetector } from '../../src/redact/yunet';
import { probeVideo } from '../../src/media/probe';
import { dlibFaces } from '../helpers/redactClips';
import { EGOBLUR, mediaTools } from '../helpers/workspace';

describe('face detection on real footage (YuNet, default threshold)', () => {
  it('covers every hand-annotated face of the dlib photographs (80% of its box), with no box elsewhere', async () => {
    const detector = await YuNetDetector.open(faceModelPath());
    let faces = 0;
    let stray = 0;
    try {
      for (const image of dlibFaces()) {
        const size = detector.inputSize(image.width, image.height);
        for await (const frame of decodeFrames(mediaTools(), image.file, size)) {
          const found = await detector.detect(frame);
          const cover = found.map((b) => enlarge(b, 1.3));
          for (const face of image.faces) {
            expect(
              coveredFraction(face, cover),
              `${image.file} face at ${face.x},${face.y}`,
            ).toBeGreaterThanOrEqual(0.8);
            faces++;
          }
          stray += found.filter((b) => image.faces.every((f) => iou(f, b) < 0.2)).length;
        }
      }
    } finally {
      await detector.close();
    }
    expect(faces).toBe(18);
    expect(stray).toBe(0);
  });

  it('leaves no frame of the EgoBlur clip without a box on its face', async () => {
    const tools = mediaTools();
    const probe = await probeVideo(tools, EGOBLUR);
    // The face fills a third of the frame: detecting at 640 pixels keeps this test short.
    const detector = await YuNetDetector.open(faceModelPath(), { maxSide: 640 });
    try {
      const { frames, tracks } = await detectVideo(tools, EGOBLUR, probe, detector);
      expect(frames).toBe(600);
      const perFrame = new Array<number>(600).fill(0);
      for (const t of tracks) for (const b of t.boxes) if (b.w > 100) perFrame[b.frame]!++;
      expect(perFrame.filter((n) => n === 0)).toEqual([]);
      // One person: one long track carries nearly every frame.
      expect(Math.max(...tracks.map((t) => t.boxes.length))).toBeGreaterThan(550);
    } finally {
      await detector.close();
    }
  });
});
