import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SO101_JOINTS } from '../../src/common/robot/jointMapping';
import { makeClip } from '../helpers/workspace';

export const FPS = 30;
export const SECONDS = 4;

/**
 * An SO-101 recording: a 30 fps H.264 test clip (`<name>.mp4`) and 50 Hz joint positions in
 * degrees named like LeRobot's (`observation.state.shoulder_pan` …, `<name>.csv`). The arm idles
 * for the first half second, reaches, closes the gripper at 2 s and swings back.
 */
export function writeSo101Recording(dir: string, name: string, size = '640x360'): string[] {
  const clip = makeClip(path.join(dir, `${name}.mp4`), { seconds: SECONDS, fps: FPS, size, gop: FPS });
  const joints = SO101_JOINTS;
  const rows = [`timestamp,${joints.map((j) => `observation.state.${j}`).join(',')}`];
  for (let i = 0; i < SECONDS * 50; i++) {
    const t = i / 50;
    const a = Math.max(0, t - 0.5);
    const q = [
      40 * Math.sin(a * 1.2),
      -30 + 25 * Math.sin(a * 0.9),
      40 - 30 * Math.sin(a * 0.9),
      50 + 10 * Math.sin(a * 2),
      20 * Math.sin(a),
      t < 2 ? 40 : 2,
    ];
    rows.push(`${t.toFixed(3)},${q.map((v) => v.toFixed(4)).join(',')}`);
  }
  const csv = path.join(dir, `${name}.csv`);
  writeFileSync(csv, rows.join('\n'));
  return [clip, csv];
}
