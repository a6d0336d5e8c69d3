import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../common/api';
import { probeVideo } from '../media/probe';
import { runTool } from '../media/run';
import type { MediaTools } from '../media/tools';

/** Whether each ffmpeg has the `tpad` filter (ffmpeg 4.2 and later), asked once. */
const tpadOf = new Map<string, Promise<boolean>>();

/** How far before a stretch's first row decoding starts: the frame shown at that row may be older. */
const LEAD_S = 1;
/** A frame this close after a row counts as at it: containers round their times to a time base. */
const TOLERANCE_S = 0.001;

/**
 * Where to start decoding a camera and the filter that puts it on the rows' clock, row k at
 * `startNs + k / fps` (file time): each row shows the camera's latest frame at or before it, whole
 * frames repeated or dropped (never blended), and the last frame held for rows after the camera's
 * last image. Each frame is moved onto the first row at or after its time (`setpts`), so `fps`
 * keeps, for each row, the latest frame placed on it or before it. An ffmpeg without `tpad` (before
 * 4.2) cannot hold the last frame: such a camera is then refused by the frame count check.
 */
export async function retime(
  tools: MediaTools,
  startNs: number,
  frames: number,
  fps: number,
): Promise<{ seek: string; filter: string }> {
  if (!tpadOf.has(tools.ffmpeg)) {
    const list = runTool(tools.ffmpeg, ['-hide_banner', '-filters']).then((out) =>
      /^\s*\S+\s+tpad\s/m.test(out.toString()),
    );
    tpadOf.set(tools.ffmpeg, list);
  }
  const hold = await tpadOf.get(tools.ffmpeg)!;
  const start = Math.max(0, startNs / 1e9);
  const lead = Math.min(LEAD_S, start);
  // Times after the seek count from it: the first row lies `lead` seconds in.
  const place = `setpts='max(0,ceil((PTS*TB-${lead.toFixed(6)}-${TOLERANCE_S})*${fps}))/(${fps}*TB)'`;
  const filters = [
    place,
    ...(hold ? [`tpad=stop_mode=clone:stop_duration=${(frames / fps).toFixed(6)}`] : []),
  ];
  return { seek: (start - lead).toFixed(6), filter: [...filters, `fps=${fps}`].join(',') };
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
  const { seek, filter } = await retime(tools, startNs, frames, fps);
  await runTool(
    tools.ffmpeg,
    [
      '-v',
      'error',
      '-y',
      '-ss',
      seek,
      '-i',
      file,
      '-an',
      '-vf',
      filter,
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
