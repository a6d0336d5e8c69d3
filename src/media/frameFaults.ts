import { spawn } from 'node:child_process';
import type { MediaTools } from './tools';

/** A stretch of a video file, seconds from its start; `end` null: it lasts to the end of the file. */
export type FileSpan = [start: number, end: number | null];

/** Frozen and black stretches of one video, as ffmpeg's `freezedetect` and `blackdetect` found them. */
export interface FrameFaults {
  frozen: FileSpan[];
  black: FileSpan[];
}

/** The settings both filters run with (part of what a stored finding is keyed on). */
export const FRAME_FAULT_SETTINGS = {
  /**
   * freezedetect: frames that differ by less than this (mean absolute difference, 0-1) are the same.
   * A frozen camera repeats its frame exactly, so this sits well below ffmpeg's default of 0.001,
   * which a real motion can stay under: an arm descending under a top camera changes a few pixels
   * a frame, and the encoder codes much of that as unchanged.
   */
  freezeNoise: 0.0001,
  /** Shortest frozen or black stretch reported, seconds. */
  minSeconds: 0.5,
  /** blackdetect: a pixel is black below this luminance (0-1) and a picture when this share is. */
  blackPixel: 0.1,
  blackPicture: 0.98,
} as const;

const FILTERS = ['freezedetect', 'blackdetect'] as const;
export type FrameFaultFilter = (typeof FILTERS)[number];

const filterLists = new Map<string, Promise<string>>();

function run(
  bin: string,
  args: readonly string[],
  signal?: AbortSignal,
  timeoutMs = 600_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 4_000_000) stderr = stderr.slice(-2_000_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, killed) => {
      clearTimeout(timer);
      if (code === 0) resolve(stderr);
      else if (killed === 'SIGKILL' && !signal?.aborted)
        reject(
          new Error(`${bin} took longer than ${timeoutMs / 1000} s looking for frozen and black frames`),
        );
      else
        reject(new Error(`${bin} ${args.join(' ')} exited with code ${code}: ${stderr.trim().slice(-500)}`));
    });
  });
}

/** Which of the two filters this ffmpeg lacks (an older or smaller build may have neither). */
export async function missingFrameFaultFilters(tools: MediaTools): Promise<FrameFaultFilter[]> {
  let list = filterLists.get(tools.ffmpeg);
  if (!list) {
    list = new Promise<string>((resolve, reject) => {
      const child = spawn(tools.ffmpeg, ['-hide_banner', '-filters'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    filterLists.set(tools.ffmpeg, list);
  }
  const text = await list;
  return FILTERS.filter((f) => !new RegExp(`\\s${f}\\s`).test(text));
}

/** Joins stretches that touch (a keyframe's coding noise can split one frozen stretch in two). */
function merged(spans: FileSpan[]): FileSpan[] {
  const out: FileSpan[] = [];
  for (const s of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && last[1] !== null && s[0] <= last[1] + 1e-3)
      last[1] = s[1] === null ? null : Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/**
 * freezedetect's metadata lines in order. Some builds (4.1) leave out a `freeze_start` logged on the
 * same frame as the previous `freeze_end`; its start is then its end less its `freeze_duration`.
 */
function freezeSpans(log: string): FileSpan[] {
  const spans: FileSpan[] = [];
  let open: number | null = null;
  let duration: number | null = null;
  for (const m of log.matchAll(/lavfi\.freezedetect\.freeze_(start|duration|end):\s*([\d.]+)/g)) {
    const v = Number(m[2]);
    if (m[1] === 'start') open = v;
    else if (m[1] === 'duration') duration = v;
    else {
      spans.push([open ?? v - (duration ?? 0), v]);
      open = null;
      duration = null;
    }
  }
  if (open !== null) spans.push([open, null]);
  return spans;
}

/** The spans in ffmpeg's log of `freezedetect` (metadata lines) and `blackdetect` (one line each). */
export function parseFrameFaults(log: string): FrameFaults {
  const black = [...log.matchAll(/black_start:\s*([\d.]+)(?:\s+black_end:\s*([\d.]+))?/g)].map(
    (m): FileSpan => [Number(m[1]), m[2] === undefined ? null : Number(m[2])],
  );
  return { frozen: merged(freezeSpans(log)), black: merged(black) };
}

/**
 * Decodes a video's first stream once through ffmpeg's own `freezedetect` and `blackdetect`
 * filters and returns the stretches they report. Throws when this ffmpeg lacks either filter
 * (ask `missingFrameFaultFilters` first to say so to the user).
 */
export async function detectFrameFaults(
  tools: MediaTools,
  file: string,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<FrameFaults> {
  const missing = await missingFrameFaultFilters(tools);
  if (missing.length)
    throw new Error(`${tools.ffmpeg} has no ${missing.join(' or ')} filter: cannot check ${file}`);
  const s = FRAME_FAULT_SETTINGS;
  const filters =
    `freezedetect=n=${s.freezeNoise}:d=${s.minSeconds},` +
    `blackdetect=d=${s.minSeconds}:pix_th=${s.blackPixel}:pic_th=${s.blackPicture}`;
  const log = await run(
    tools.ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-v',
      'info',
      '-i',
      file,
      '-map',
      '0:v:0',
      '-vf',
      filters,
      '-an',
      '-f',
      'null',
      '-',
    ],
    opts.signal,
    opts.timeoutMs,
  );
  return parseFrameFaults(log);
}
