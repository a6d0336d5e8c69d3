import type { Stream } from '../common/api';
import type { BlobStore } from '../workspace/blobs';

/** A numeric stream read whole: float32 row-major values and ns times as float64. */
export interface LoadedSeries {
  columns: string[];
  timesNs: Float64Array;
  values: Float32Array;
}

export async function readTimestamps(blobs: BlobStore, hash: string): Promise<Float64Array> {
  const buf = await blobs.read(hash);
  const ints = new BigInt64Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 8));
  return Float64Array.from(ints, (v) => Number(v));
}

export async function readSeries(blobs: BlobStore, stream: Stream): Promise<LoadedSeries> {
  if (stream.kind !== 'series') throw new Error(`stream ${stream.name} is a ${stream.kind}, not a series`);
  const [timesNs, raw] = await Promise.all([
    readTimestamps(blobs, stream.timestampsBlob),
    blobs.read(stream.blob),
  ]);
  // Copy: a Buffer's offset need not be 4-aligned.
  const values = new Float32Array(raw.byteLength / 4);
  new Uint8Array(values.buffer).set(raw);
  if (values.length !== timesNs.length * stream.columns.length) {
    throw new Error(
      `stream ${stream.name}: ${values.length} values do not fill ${timesNs.length} rows of ${stream.columns.length} columns`,
    );
  }
  return { columns: stream.columns, timesNs, values };
}
