import { statSync } from 'node:fs';
import path from 'node:path';
import { runTool, ToolError } from './run';
import type { MediaTools } from './tools';

export interface VideoProbe {
  container: string;
  mime: string;
  codec: string;
  width: number;
  height: number;
  fps: number;
  /** Presentation time of each frame in ns from the first frame, ascending. */
  timestampsNs: Float64Array;
  /** Duration in ns: last frame time plus its display interval. */
  durationNs: number;
}

export class MediaInputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'MediaInputError';
  }
}

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
};

export const VIDEO_EXTENSIONS = Object.keys(MIME);

interface FfprobeJson {
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    time_base?: string;
    nb_frames?: string;
  }[];
  format?: { format_name?: string };
  packets?: { pts?: number; dts?: number; pos?: string; size?: string; duration?: number }[];
}

function ratio(s: string | undefined): number {
  if (!s) return 0;
  const [a, b] = s.split('/').map(Number);
  return b ? a! / b : (a ?? 0);
}

/**
 * Reads the container and the packet index of the first video stream without decoding it:
 * per-frame timestamps, frame count and a check that every frame's bytes are in the file.
 */
export async function probeVideo(tools: MediaTools, file: string, signal?: AbortSignal): Promise<VideoProbe> {
  const size = statSync(file).size;
  if (size === 0) throw new MediaInputError(file, 'the file is empty');
  let json: FfprobeJson;
  try {
    const out = await runTool(
      tools.ffprobe,
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,time_base,nb_frames:format=format_name:packet=pts,dts,pos,size,duration',
        '-of',
        'json',
        file,
      ],
      { signal },
    );
    json = JSON.parse(out.toString()) as FfprobeJson;
  } catch (e) {
    if (e instanceof ToolError)
      throw new MediaInputError(file, `not a readable video (${toolMessage(e, file)})`);
    throw e;
  }
  const stream = json.streams?.find((s) => s.codec_type === 'video') ?? json.streams?.[0];
  if (!stream?.codec_name) throw new MediaInputError(file, 'has no video stream');
  const packets = json.packets ?? [];
  if (packets.length === 0) throw new MediaInputError(file, 'has a video stream with no frames');
  const timeBase = ratio(stream.time_base) || 1 / 90000;
  let lastEnd = 0;
  const pts: number[] = [];
  for (const [i, p] of packets.entries()) {
    const t = p.pts ?? p.dts;
    if (t === undefined) throw new MediaInputError(file, `frame ${i} has no timestamp`);
    pts.push(t);
    const end = Number(p.pos ?? -1) + Number(p.size ?? 0);
    if (Number(p.pos ?? -1) >= 0) lastEnd = Math.max(lastEnd, end);
  }
  // The container's index (mp4 moov) promises a frame count; fewer readable packets means the file was cut.
  const promised = Number(stream.nb_frames ?? 0);
  if (promised > 0 && packets.length < promised) {
    throw new MediaInputError(
      file,
      `is truncated: its index lists ${promised} frames but only ${packets.length} are in the file`,
    );
  }
  if (lastEnd > size) {
    throw new MediaInputError(
      file,
      `is truncated: its index needs ${lastEnd} bytes but the file has ${size}`,
    );
  }
  pts.sort((a, b) => a - b);
  const first = pts[0]!;
  const timestampsNs = Float64Array.from(pts, (t) => Math.round((t - first) * timeBase * 1e9));
  for (let i = 1; i < timestampsNs.length; i++) {
    if (timestampsNs[i]! <= timestampsNs[i - 1]!) {
      throw new MediaInputError(file, `has duplicate frame timestamps at frame ${i}`);
    }
  }
  const fps = ratio(stream.avg_frame_rate) || ratio(stream.r_frame_rate) || 0;
  const lastPacket = packets.reduce((a, b) => ((b.pts ?? 0) > (a.pts ?? 0) ? b : a));
  const frameNs =
    lastPacket.duration && lastPacket.duration > 0
      ? lastPacket.duration * timeBase * 1e9
      : fps > 0
        ? 1e9 / fps
        : 0;
  const n = timestampsNs.length;
  return {
    container: json.format?.format_name ?? 'unknown',
    mime: MIME[path.extname(file).toLowerCase()] ?? 'video/mp4',
    codec: stream.codec_name,
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    fps: fps || (n > 1 ? (n - 1) / (timestampsNs[n - 1]! / 1e9) : 0),
    timestampsNs,
    durationNs: Math.round(timestampsNs[n - 1]! + frameNs),
  };
}

/** A JPEG poster frame about 10% into the clip, 320 pixels wide. */
export async function posterFrame(
  tools: MediaTools,
  file: string,
  atNs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const args = (seek: number) => [
    '-v',
    'error',
    '-ss',
    (seek / 1e9).toFixed(3),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    'scale=320:-2',
    '-q:v',
    '4',
    '-f',
    'image2',
    '-c:v',
    'mjpeg',
    'pipe:1',
  ];
  try {
    let jpeg = await runTool(tools.ffmpeg, args(atNs), { signal });
    // A seek past the last decodable frame yields nothing; fall back to the first frame.
    if (jpeg.length === 0) jpeg = await runTool(tools.ffmpeg, args(0), { signal });
    if (jpeg.length === 0) throw new MediaInputError(file, 'no frame could be decoded');
    return jpeg;
  } catch (e) {
    if (e instanceof ToolError)
      throw new MediaInputError(file, `its frames cannot be decoded (${toolMessage(e, file)})`);
    throw e;
  }
}

/** ffmpeg's last words without its `[mov,mp4 @ 0x…]` prefixes or the repeated file name. */
function toolMessage(e: ToolError, file: string): string {
  const parts = e.message
    .split(' | ')
    .map((p) =>
      p
        .replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/, '')
        .replace(`${file}: `, '')
        .trim(),
    )
    .filter(Boolean);
  return [...new Set(parts)].join('; ');
}
