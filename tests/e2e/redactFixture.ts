import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Box } from '../../src/redact/boxes';
import { dlibFaces } from '../helpers/redactClips';
import { mediaTools } from '../helpers/workspace';

export const FACE_FPS = 30;
export const FACE_FRAMES = 60;

/**
 * A 2 s, 30 fps clip of a dlib photograph of three people (500×375, padded to 500×376 for
 * yuv420p so the hand-drawn face boxes keep their pixels) and those boxes.
 */
export function writeFaceClip(
  dir: string,
  name: string,
): { file: string; faces: Box[]; width: number; height: number } {
  const photo = dlibFaces().find((p) => p.file.endsWith('2008_001322.jpg'))!;
  const file = path.join(dir, `${name}.mp4`);
  execFileSync(mediaTools().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-framerate',
    String(FACE_FPS),
    '-i',
    photo.file,
    '-frames:v',
    String(FACE_FRAMES),
    '-vf',
    'pad=500:376:0:0',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(FACE_FPS),
    file,
  ]);
  return { file, faces: photo.faces, width: 500, height: 376 };
}
