/** One image of a topic as a file ffmpeg reads: its extension and bytes. */
export interface FrameFile {
  ext: 'jpg' | 'png' | 'ppm' | 'pgm';
  bytes: Uint8Array;
}

const bytesOf = (data: unknown): Uint8Array | null =>
  data instanceof Uint8Array
    ? data
    : typeof data === 'string'
      ? new Uint8Array(Buffer.from(data, 'base64')) // JSON-encoded messages carry bytes as base64
      : Array.isArray(data)
        ? Uint8Array.from(data as number[])
        : null;

/** A compressed image's file, from its magic bytes (the `format` field is free text). */
export function compressedFrame(message: Record<string, unknown>): FrameFile | { problem: string } {
  const bytes = bytesOf(message.data);
  if (!bytes) return { problem: 'it has no data field' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { ext: 'jpg', bytes };
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return { ext: 'png', bytes };
  return { problem: `its images are neither JPEG nor PNG (format "${String(message.format ?? '')}")` };
}

/** Pixel layouts of raw images: bytes per pixel, channels, whether red and blue are swapped, bit depth. */
const LAYOUTS: Record<
  string,
  { bpp: number; channels: 1 | 3; bgr?: boolean; alpha?: boolean; deep?: boolean }
> = {
  rgb8: { bpp: 3, channels: 3 },
  bgr8: { bpp: 3, channels: 3, bgr: true },
  '8UC3': { bpp: 3, channels: 3, bgr: true },
  rgba8: { bpp: 4, channels: 3, alpha: true },
  bgra8: { bpp: 4, channels: 3, bgr: true, alpha: true },
  mono8: { bpp: 1, channels: 1 },
  '8UC1': { bpp: 1, channels: 1 },
  mono16: { bpp: 2, channels: 1, deep: true },
  '16UC1': { bpp: 2, channels: 1, deep: true },
};

/**
 * A raw image (sensor_msgs/Image, foxglove.RawImage) as a binary PNM file: PPM for colour, PGM for
 * grey (16-bit PGM is big-endian). Rows are read with the message's stride.
 */
export function rawFrame(message: Record<string, unknown>): FrameFile | { problem: string } {
  const width = Number(message.width);
  const height = Number(message.height);
  const encoding = String(message.encoding ?? '');
  const layout = LAYOUTS[encoding];
  if (!layout)
    return { problem: `its pixel encoding "${encoding}" is not one of ${Object.keys(LAYOUTS).join(', ')}` };
  const data = bytesOf(message.data);
  if (!data) return { problem: 'it has no data field' };
  if (!(
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width > 0 &&
    height > 0 &&
    width * height <= 2 ** 26
  )) {
    return { problem: `an image has a size of ${width}×${height}` };
  }
  const step = Number(message.step) || width * layout.bpp;
  if (step < width * layout.bpp || data.length < step * (height - 1) + width * layout.bpp) {
    return {
      problem: `an image of ${width}×${height} ${encoding} holds only ${data.length} bytes (row stride ${step})`,
    };
  }
  const sampleBytes = layout.deep ? 2 : 1;
  const header = new TextEncoder().encode(
    `${layout.channels === 3 ? 'P6' : 'P5'}\n${width} ${height}\n${layout.deep ? 65535 : 255}\n`,
  );
  const rowOut = width * layout.channels * sampleBytes;
  const out = new Uint8Array(header.length + rowOut * height);
  out.set(header);
  const bigEndian = Number(message.is_bigendian ?? 0) !== 0;
  let o = header.length;
  for (let y = 0; y < height; y++) {
    const row = y * step;
    for (let x = 0; x < width; x++) {
      const p = row + x * layout.bpp;
      if (layout.deep) {
        out[o++] = bigEndian ? data[p]! : data[p + 1]!;
        out[o++] = bigEndian ? data[p + 1]! : data[p]!;
      } else if (layout.channels === 1) out[o++] = data[p]!;
      else {
        out[o++] = data[layout.bgr ? p + 2 : p]!;
        out[o++] = data[p + 1]!;
        out[o++] = data[layout.bgr ? p : p + 2]!;
      }
    }
  }
  return { ext: layout.channels === 3 ? 'ppm' : 'pgm', bytes: out };
}
