import { createFile, MP4BoxBuffer, type Movie, type Sample, type Track } from 'mp4box';

/** One coded sample of a video track, in decode order. */
export interface CodedSample {
  /** Presentation time in microseconds (the VideoFrame timestamps the decoder gives back). */
  timestampUs: number;
  durationUs: number;
  key: boolean;
  offset: number;
  size: number;
}

/** What VideoDecoder.configure takes (a VideoDecoderConfig), without needing the DOM's types here. */
export interface DecoderConfig {
  codec: string;
  codedWidth: number;
  codedHeight: number;
  description?: Uint8Array;
  optimizeForLatency?: boolean;
}

/** A video track ready for a WebCodecs VideoDecoder: its config and its samples' places in the file. */
export interface VideoTrack {
  config: DecoderConfig;
  /** In decode order. */
  samples: CodedSample[];
  /** Index into `samples` of each frame in presentation order. */
  presentation: Int32Array;
  /** The whole file; a sample is `data.subarray(offset, offset + size)`. */
  data: Uint8Array;
}

// The sample entry boxes whose payload is the decoder description WebCodecs wants.
const DESCRIPTIONS = ['avcC', 'hvcC', 'av1C', 'vpcC'] as const;

/**
 * Reads the first video track of an mp4 file (H.264 avcC, AV1 av1C, HEVC, VP9): the codec string,
 * the description box payload, and every sample's time, key flag and byte range. `what` names the
 * file in errors.
 */
export function demuxMp4(buffer: ArrayBuffer, what: string): VideoTrack {
  const file = createFile();
  let movie: Movie | null = null;
  let failure: string | null = null;
  file.onReady = (m) => (movie = m);
  file.onError = (module: string, message: string) => (failure = `${module}: ${message}`);
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(buffer, 0));
  file.flush();
  if (failure) throw new Error(`${what}: not a readable mp4 (${failure})`);
  const info = movie as Movie | null;
  const track = info?.videoTracks[0];
  if (!info || !track) throw new Error(`${what}: no video track in the mp4`);
  const entry = file.getTrackById(track.id).mdia.minf.stbl.stsd.entries[0] as unknown as Record<
    string,
    { start?: number; size: number; hdr_size?: number } | undefined
  >;
  const box = DESCRIPTIONS.map((k) => entry[k]).find((b) => b !== undefined);
  const data = new Uint8Array(buffer);
  const config: DecoderConfig = {
    codec: track.codec,
    codedWidth: track.video?.width ?? track.track_width,
    codedHeight: track.video?.height ?? track.track_height,
  };
  // The description is the configuration record: the box without its 8-byte header.
  if (box?.start !== undefined) {
    const from = box.start + (box.hdr_size ?? 8);
    config.description = data.slice(from, box.start + box.size);
  }
  const shift = editShift(track);
  const samples = file.getTrackSamplesInfo(track.id).map((s) => toCoded(s, shift));
  if (samples.length === 0) throw new Error(`${what}: the video track has no samples`);
  const order = samples.map((_, i) => i).sort((a, b) => samples[a]!.timestampUs - samples[b]!.timestampUs);
  return { config, samples, presentation: Int32Array.from(order), data };
}

/**
 * Seconds to add to a sample's composition time to get its presentation time, from the edit list
 * as players apply it: an empty edit delays the track, the first media edit says where it starts
 * (H.264 with B-frames starts at the first frame's composition offset).
 */
function editShift(track: Track): number {
  let shift = 0;
  for (const e of track.edits ?? []) {
    if (e.media_time === -1) shift += e.segment_duration / track.movie_timescale;
    else return shift - e.media_time / track.timescale;
  }
  return shift;
}

function toCoded(s: Sample, shiftS: number): CodedSample {
  const us = (t: number) => Math.round((t * 1e6) / s.timescale);
  return {
    timestampUs: us(s.cts) + Math.round(shiftS * 1e6),
    durationUs: us(s.duration),
    key: s.is_sync,
    offset: s.offset,
    size: s.size,
  };
}

/** Fetches and demuxes an mp4 by URL. */
export async function fetchVideoTrack(url: string, what: string): Promise<VideoTrack> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} fetching the video`);
  return demuxMp4(await res.arrayBuffer(), what);
}
