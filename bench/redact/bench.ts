// The measured parts of bench/redact, bundled and run by run.mjs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { probeVideo } from '../../src/media/probe';
import { locateMediaTools, type MediaTools } from '../../src/media/tools';
import { coveredFraction, enlarge, iou } from '../../src/redact/boxes';
import { faceModelPath, openFaceDetector } from '../../src/redact/detectJob';
import { detectVideo } from '../../src/redact/detectVideo';
import type { BgrFrame } from '../../src/redact/detector';
import { decodeFrames } from '../../src/redact/frames';
import { Tracker } from '../../src/redact/tracker';
import { ENCODE_ARGS, renderRedacted, timingArgs, type FrameMask } from '../../src/redact/render';
import { videoStartOffsetNs, videoTimeBase } from '../../src/redact/streamInfo';
import { YuNetDetector } from '../../src/redact/yunet';
import { dlibFaces } from '../../tests/helpers/redactClips';
import { packageRoot } from '../../src/paths';

// Bundled beside this file: fixtures are found from the package root, not from the bundle.
const FIXTURES = path.join(packageRoot(), 'tests', 'fixtures');
const EGOBLUR = path.join(FIXTURES, 'video', 'egoblur_gen1_test_video.mp4');

const tools = (): MediaTools => {
  const t = locateMediaTools().tools;
  if (!t) throw new Error('bench/redact needs ffmpeg');
  return t;
};

/** The EgoBlur footage letterboxed into a frame of the given size, `frames` long, 30 fps H.264. */
export function makeClip(dir: string, width: number, height: number, frames: number): string {
  const out = path.join(dir, `clip-${width}x${height}.mp4`);
  const vf = `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2`;
  execFileSync(tools().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-i',
    EGOBLUR,
    '-frames:v',
    String(frames),
    '-vf',
    vf,
    ...ENCODE_ARGS,
    out,
  ]);
  return out;
}

const seconds = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

/**
 * Frames per second of detection with tracking (decode included), of decoding alone, and of
 * detection with tracking on frames already decoded (`inferFps`); with the job's detector, so frames
 * more than 1.5× its 1280 px are also searched in tiles (`tiled`). `serialFps` is what decoding and
 * detecting one after the other would give (1 / (1/decodeFps + 1/inferFps)): `detectFps` above it is
 * decoding overlapping with detection.
 */
export async function detectionSpeed(clip: string) {
  const t = tools();
  const probe = await probeVideo(t, clip);
  const detector = await openFaceDetector();
  try {
    const size = detector.inputSize(probe.width, probe.height);
    const frames: BgrFrame[] = [];
    const decodeS = await seconds(async () => {
      for await (const frame of decodeFrames(t, clip, size)) frames.push(frame);
    });
    const inferS = await seconds(async () => {
      const [sx, sy] = [probe.width / size.width, probe.height / size.height];
      const tracker = new Tracker({ width: probe.width, height: probe.height });
      for (const [i, frame] of frames.entries()) {
        const found = await detector.detect(frame);
        tracker.push(
          i,
          found.map((b) => ({ x: b.x * sx, y: b.y * sy, w: b.w * sx, h: b.h * sy, score: b.score })),
        );
      }
      tracker.finish(frames.length);
    });
    frames.length = 0;
    let tracks = 0;
    const detectS = await seconds(async () => {
      tracks = (await detectVideo(t, clip, probe, detector)).tracks.length;
    });
    const n = probe.timestampsNs.length;
    return {
      frames: n,
      size: `${probe.width}x${probe.height}`,
      detectAt: `${size.width}x${size.height}`,
      tiled: detector.tiles(probe.width, probe.height),
      decodeFps: n / decodeS,
      detectFps: n / detectS,
      inferFps: n / inferS,
      serialFps: n / (decodeS + inferS),
      tracks,
    };
  } finally {
    await detector.close();
  }
}

/** Render (pixelate the detected faces) against a plain re-encode with the same encoder settings. */
export async function renderSpeed(dir: string, clip: string) {
  const t = tools();
  const probe = await probeVideo(t, clip);
  const timeBase = await videoTimeBase(t, clip);
  const startOffsetNs = await videoStartOffsetNs(t, clip);
  const detector = await YuNetDetector.open(faceModelPath());
  const { tracks } = await detectVideo(t, clip, probe, detector);
  await detector.close();
  const byFrame = new Map<number, { x: number; y: number; w: number; h: number }[]>();
  for (const tr of tracks)
    for (const b of tr.boxes) byFrame.set(b.frame, [...(byFrame.get(b.frame) ?? []), b]);
  const mask = (f: number): FrameMask => byFrame.get(f) ?? [];
  const plainS = await seconds(async () => {
    execFileSync(t.ffmpeg, [
      '-v',
      'error',
      '-y',
      '-i',
      clip,
      '-an',
      ...ENCODE_ARGS,
      ...timingArgs(timeBase),
      path.join(dir, 'plain.mp4'),
    ]);
  });
  const renderS = await seconds(() =>
    renderRedacted(t, {
      source: clip,
      out: path.join(dir, 'redacted.mp4'),
      width: probe.width,
      height: probe.height,
      timestampsNs: probe.timestampsNs,
      timeBase,
      startOffsetNs,
      mask,
      mode: 'pixelate',
      keepAudio: false,
    }),
  );
  return { frames: probe.timestampsNs.length, plainS, renderS, ratio: renderS / plainS };
}

/** Faces of the dlib photographs covered (80% of the box) and boxes on no face, per threshold. */
export async function recall(thresholds: number[]) {
  const images = dlibFaces(FIXTURES);
  const rows = [];
  for (const threshold of thresholds) {
    const detector = await YuNetDetector.open(faceModelPath(), { threshold });
    let covered = 0;
    let faces = 0;
    let falseBoxes = 0;
    for (const im of images) {
      for await (const frame of decodeFrames(tools(), im.file, detector.inputSize(im.width, im.height))) {
        const found = await detector.detect(frame);
        const cover = found.map((b) => enlarge(b, 1.3));
        for (const f of im.faces) {
          faces++;
          if (coveredFraction(f, cover) >= 0.8) covered++;
        }
        falseBoxes += found.filter((b) => im.faces.every((f) => iou(f, b) < 0.2)).length;
      }
    }
    await detector.close();
    rows.push({ threshold, faces, covered, falseBoxes });
  }
  return rows;
}

/** EgoBlur clip (600 frames, one face): frames with no box over 100 px, per threshold. */
export async function videoRecall(thresholds: number[]) {
  const t = tools();
  const probe = await probeVideo(t, EGOBLUR);
  const rows = [];
  for (const threshold of thresholds) {
    const detector = await YuNetDetector.open(faceModelPath(), { threshold, maxSide: 640 });
    const { tracks } = await detectVideo(t, EGOBLUR, probe, detector);
    await detector.close();
    const covered = new Set(tracks.flatMap((tr) => tr.boxes.filter((b) => b.w > 100).map((b) => b.frame)));
    rows.push({
      threshold,
      frames: probe.timestampsNs.length,
      framesWithoutBox: probe.timestampsNs.length - covered.size,
      tracks: tracks.length,
    });
  }
  return rows;
}

/**
 * Following a drawn box from late in a video: the 41 frames around frame 550 of the EgoBlur clip
 * (600 frames, 1080 px high, at the follow's 480 px), decoded by seeking as `followBox` does against
 * decoding from the file's start and dropping the frames before, as it did.
 */
export async function followSeek() {
  const t = tools();
  const probe = await probeVideo(t, EGOBLUR);
  const size = { width: 270, height: 480 };
  const [first, count] = [530, 41];
  const take = async (opts: Parameters<typeof decodeFrames>[3], skip: number) => {
    let n = 0;
    for await (const frame of decodeFrames(t, EGOBLUR, size, opts)) {
      void frame;
      if (n++ === skip + count - 1) break;
    }
  };
  const fromStartS = await seconds(() => take({}, first));
  const seekS = await seconds(() => take({ from: { frame: first, timesNs: probe.timestampsNs } }, 0));
  return { frames: probe.timestampsNs.length, first, count, fromStartS, seekS, ratio: fromStartS / seekS };
}
