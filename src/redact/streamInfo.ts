import { runTool } from '../media/run';
import type { MediaTools } from '../media/tools';

/** The first video stream's time base (`1/15360`), which a render keeps. */
export async function videoTimeBase(tools: MediaTools, file: string, signal?: AbortSignal): Promise<string> {
  const out = await runTool(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=time_base', '-of', 'csv=p=0', file],
    { signal },
  );
  const tb = out.toString().trim();
  if (!/^\d+\/\d+$/.test(tb)) throw new Error(`${file}: no video time base (ffprobe said "${tb}")`);
  return tb;
}

/**
 * How much later than the file's earliest stream (audio, say) its video starts, in ns. ffmpeg counts
 * an input's times from that earliest start, so the mask's frame times are shifted by this much.
 */
export async function videoStartOffsetNs(
  tools: MediaTools,
  file: string,
  signal?: AbortSignal,
): Promise<number> {
  const { videoS, fileS } = await videoStartTimes(tools, file, signal);
  return Math.max(0, Math.round((videoS - fileS) * 1e9));
}

/** When the first video stream starts and when the file's earliest stream starts, in seconds (0 if unknown). */
export async function videoStartTimes(
  tools: MediaTools,
  file: string,
  signal?: AbortSignal,
): Promise<{ videoS: number; fileS: number }> {
  const out = await runTool(
    tools.ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=start_time:format=start_time',
      '-of',
      'json',
      file,
    ],
    { signal },
  );
  const json = JSON.parse(out.toString()) as {
    streams?: { start_time?: string }[];
    format?: { start_time?: string };
  };
  const video = Number(json.streams?.[0]?.start_time);
  const first = Number(json.format?.start_time);
  return Number.isFinite(video) && Number.isFinite(first)
    ? { videoS: video, fileS: first }
    : { videoS: 0, fileS: 0 };
}

/**
 * Metadata a redacted copy may keep: the container's brand (what the file is), each stream's
 * language, handler name and vendor id (written by the muxer, the same for every file). Durations,
 * codec parameters, frame sizes and frame times are not tags and stay as they must.
 */
export const ALLOWED_TAGS = new Set([
  'major_brand',
  'minor_version',
  'compatible_brands',
  'language',
  'handler_name',
  'vendor_id',
]);

/** Tags of the file (container and streams) outside the allowlist, as `where:key=value`. */
export async function strayTags(tools: MediaTools, file: string, signal?: AbortSignal): Promise<string[]> {
  const out = await runTool(
    tools.ffprobe,
    ['-v', 'error', '-show_entries', 'format_tags:stream_tags:stream_side_data', '-of', 'json', file],
    { signal },
  );
  const json = JSON.parse(out.toString()) as {
    format?: { tags?: Record<string, string> };
    streams?: { tags?: Record<string, string> }[];
  };
  const stray: string[] = [];
  const check = (where: string, tags: Record<string, string> = {}) => {
    for (const [k, v] of Object.entries(tags)) if (!ALLOWED_TAGS.has(k)) stray.push(`${where}:${k}=${v}`);
  };
  check('format', json.format?.tags);
  json.streams?.forEach((s, i) => check(`stream${i}`, s.tags));
  return stray;
}
