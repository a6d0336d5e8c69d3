import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, makeClip } from './workspace';

const LEROBOT = path.join(FIXTURES, 'lerobot');
export const G1_V21 = path.join(LEROBOT, 'g1_pick_yellow_bottle_ep1-2');
export const APPLE_V30 = path.join(LEROBOT, 'apple_storage_no_video');

/** Frames of the v3.0 fixture's three episodes. */
export const APPLE_V30_LENGTHS = [299, 300, 300];

/**
 * The v3.0 fixture without its mp4: a copy with a stand-in video of the right length (899 frames
 * at 30 fps, 320×240 H.264, one file for the three episodes as LeRobot v3 writes it).
 */
export function appleWithVideo(dir: string, frames = 899): string {
  const out = path.join(dir, 'apple_storage');
  cpSync(APPLE_V30, out, { recursive: true });
  const videoDir = path.join(out, 'videos', 'observation.image', 'chunk-000');
  mkdirSync(videoDir, { recursive: true });
  makeClip(path.join(videoDir, 'file-000.mp4'), {
    seconds: Math.ceil(frames / 30) + 1,
    fps: 30,
    size: '320x240',
    args: ['-frames:v', String(frames), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '30'],
  });
  return out;
}
