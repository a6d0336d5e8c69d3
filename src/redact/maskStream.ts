// A minimal Matroska writer for one uncompressed 8-bit grey video track with nanosecond times
// (TimestampScale 1), one cluster per frame. ffmpeg reads it from a pipe as the redaction mask; a
// raw pipe carries no per-frame times, and the mask must line up with a variable-rate source.

function vintSize(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n) | (1n << 56n));
  return b;
}

function element(id: number, ...payload: Buffer[]): Buffer {
  const data = Buffer.concat(payload);
  const idBytes = Buffer.from(
    id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'),
    'hex',
  );
  return Buffer.concat([idBytes, vintSize(data.length), data]);
}

function uint(id: number, v: number | bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(v));
  return element(id, b);
}

const str = (id: number, s: string) => element(id, Buffer.from(s, 'ascii'));

/** The stream's header: EBML header, a segment of unknown size, its info and its one track. */
export function maskHeader(width: number, height: number): Buffer {
  const ebml = element(
    0x1a45dfa3,
    uint(0x4286, 1),
    uint(0x42f7, 1),
    uint(0x42f2, 4),
    uint(0x42f3, 8),
    str(0x4282, 'matroska'),
    uint(0x4287, 4),
    uint(0x4285, 2),
  );
  const unknownSize = Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const info = element(0x1549a966, uint(0x2ad7b1, 1), str(0x4d80, 'mimic'), str(0x5741, 'mimic'));
  const video = element(0xe0, uint(0xb0, width), uint(0xba, height), str(0x2eb524, 'Y800'));
  const track = element(
    0xae,
    uint(0xd7, 1),
    uint(0x73c5, 1),
    uint(0x83, 1),
    str(0x86, 'V_UNCOMPRESSED'),
    uint(0x9c, 0),
    video,
  );
  return Buffer.concat([ebml, unknownSize, info, element(0x1654ae6b, track)]);
}

/** One frame at `timeNs` as its own cluster (a keyframe SimpleBlock of track 1). */
export function maskFrame(timeNs: number, pixels: Uint8Array): Buffer {
  const blockHead = Buffer.from([0x81, 0x00, 0x00, 0x80]);
  return element(
    0x1f43b675,
    uint(0xe7, Math.max(0, Math.floor(timeNs))),
    element(0xa3, blockHead, Buffer.from(pixels)),
  );
}
