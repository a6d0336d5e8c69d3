import type { Stream } from '../common/api';
import { StudioError } from '../common/api';
import type { Workspace } from '../workspace/workspace';
import { frameInterval, frameRange, type Span } from './window';

/** A stream of a root recording with its timestamps (and, for a series, its values) read. */
export interface LoadedStream {
  stream: Stream;
  times: BigInt64Array;
  timesNs: Float64Array;
  /** float32 row-major bytes of a series; null for a video. */
  values: Buffer | null;
}

/** A part's stream, ready to be written: new blobs for its bytes, or the root's video file. */
export interface PartStream {
  name: string;
  kind: Stream['kind'];
  frames: number;
  durationNs: number;
  columns: string[];
  video: Stream['video'];
  /** The root's video blob, which a part plays a window of (no re-encode). */
  sharedBlob: string | null;
  /** A series' values inside the window. */
  values: Uint8Array | null;
  /** int64 little-endian ns, rebased to the window start. */
  timestamps: Uint8Array;
}

export async function loadStreams(ws: Workspace, streams: readonly Stream[]): Promise<LoadedStream[]> {
  return Promise.all(
    streams.map(async (stream) => {
      const raw = await ws.blobs.read(stream.timestampsBlob);
      const times = new BigInt64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      const values = stream.kind === 'series' ? await ws.blobs.read(stream.blob) : null;
      return { stream, times, timesNs: Float64Array.from(times, Number), values };
    }),
  );
}

/** The largest typical frame interval among the streams: "within one frame" for adjacency. */
export const coarsestFrameNs = (streams: readonly LoadedStream[]): number =>
  Math.max(1_000_000, ...streams.map((s) => frameInterval(s.timesNs)));

/**
 * The window `[startNs, endNs)` of a root stream (times in the root's time) as a part's stream, or
 * null when no frame of it lies in the window.
 */
export function windowStream(s: LoadedStream, window: Span): PartStream | null {
  const [lo, hi] = frameRange(s.timesNs, window.startNs, window.endNs);
  if (hi <= lo) return null;
  const start = BigInt(window.startNs);
  const times = s.times.slice(lo, hi).map((t) => t - start);
  const { stream } = s;
  const rowBytes = stream.columns.length * 4;
  let video: Stream['video'] = null;
  if (stream.video) {
    // The root is an original; its offset is 0. A part starting at 0 keeps the original's shape.
    const { offsetNs: _rootOffset, ...info } = stream.video;
    video = window.startNs > 0 ? { ...info, offsetNs: window.startNs } : info;
  }
  return {
    name: stream.name,
    kind: stream.kind,
    frames: hi - lo,
    durationNs: Math.min(stream.durationNs, window.endNs) - window.startNs,
    columns: stream.columns,
    video,
    sharedBlob: stream.kind === 'video' ? stream.blob : null,
    values: s.values ? new Uint8Array(s.values.subarray(lo * rowBytes, hi * rowBytes)) : null,
    timestamps: new Uint8Array(times.buffer),
  };
}

/** Every stream of the window, or a bad_input error naming the stream a part would lack. */
export function windowStreams(
  streams: readonly LoadedStream[],
  window: Span,
  describe: () => string,
): PartStream[] {
  return streams.map((s) => {
    const part = windowStream(s, window);
    if (!part)
      throw new StudioError('bad_input', `${describe()} would have no frame of stream "${s.stream.name}"`);
    return part;
  });
}
