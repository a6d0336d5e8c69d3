import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../common/api';
import { probeVideo } from '../media/probe';
import { runTool } from '../media/run';
import type { MediaTools } from '../media/tools';

/** Whether each ffmpeg has the `tpad` filter (ffmpeg 4.2 and later), asked once. */
const tpadOf = new Map<string, Promise<boolean>>();

/**
 * The filter that puts a camera on the rows' clock: whole frames repeated or dropped to `fps` (never
 * blended), the last frame held for rows after the camera's last image (a camera slower than the
 * clock ends before its last row). An ffmpeg without `tpad` cannot hold it: such a camera is then
 * refused by the frame count check.
 */
export async function retimeFilter(tools: MediaTools, frames: number, fps: number): Promise<string> {
  if (!tpadOf.has(tools.ffmpeg)) {
    const list = runTool(tools.ffmpeg, ['-hide_banner', '-filters']).then((out) =>
      /^\s*\S+\s+tpad\s/m.test(out.toString()),
    );
    tpadOf.set(tools.ffmpeg, list);
  }
  const hold = await tpadOf.get(tools.ffmpeg)!;
  const tail = `fps=${fps}`;
  return hold ? `tpad=stop_mode=clone:stop_duration=${(frames / fps).toFixed(6)},${tail}` : tail;
}

/**
 * Cuts `frames` frames at `fps` from a file, starting at `startNs` (file time), into an H.264 clip
 * without B-frames, so that clips of one camera join without re-encoding.
 */
export async function cutClip(
  tools: MediaTools,
  file: string,
  startNs: number,
  frames: number,
  fps: number,
  out: string,
  describe: string,
  signal?: AbortSignal,
): Promise<void> {
  // A quarter frame early: the first frame of the stretch is kept even where times were rounded.
  const seek = Math.max(0, startNs - 0.25e9 / fps) / 1e9;
  await runTool(
    tools.ffmpeg,
    [
      '-v',
      'error',
      '-y',
      '-ss',
      seek.toFixed(6),
      '-i',
      file,
      '-an',
      '-vf',
      await retimeFilter(tools, frames, fps),
      '-frames:v',
      String(frames),
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '18',
      '-bf',
      '0',
      '-g',
      String(Math.max(1, Math.round(fps))),
      '-pix_fmt',
      'yuv420p',
      out,
    ],
    { signal },
  );
  const probe = await probeVideo(tools, out, signal);
  if (probe.timestampsNs.length !== frames) {
    throw new StudioError(
      'bad_input',
      `${describe}: the video gives ${probe.timestampsNs.length} frames from ${(startNs / 1e9).toFixed(3)} s, but the episode has ${frames} rows`,
    );
  }
}

/** Joins clips of one camera end to end without re-encoding. */
export async function joinClips(
  tools: MediaTools,
  clips: string[],
  out: string,
  signal?: AbortSignal,
): Promise<void> {
  const list = path.join(path.dirname(clips[0] ?? out), 'clips.txt');
  writeFileSync(list, clips.map((c) => `file '${path.resolve(c).replace(/'/g, "'\\''")}'`).join('\n') + '\n');
  await runTool(
    tools.ffmpeg,
    ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', out],
    {
      signal,
    },
  );
}
