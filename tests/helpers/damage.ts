// Seeded damage for fuzzing importers: the same seed damages the same bytes on every run.
import { mulberry32 } from '../../src/sim/random';

/** The project's seeded PRNG (mulberry32), returning [0, 1). */
export const rng = mulberry32;

/** A stable 32-bit seed from a case's name. */
export function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A byte range `[start, end)` of a file, such as its header. */
export interface Range {
  start: number;
  end: number;
}

export type DamageKind = 'truncate' | 'flip' | 'zeros' | 'header';
export const DAMAGE_KINDS: readonly DamageKind[] = ['truncate', 'flip', 'zeros', 'header'];

/**
 * A damaged copy of `bytes` and what was done, for the test's name: truncation anywhere, flipped
 * bits anywhere, a zero-filled run anywhere, or flips and zeros inside one of the `headers` ranges.
 */
export function damage(
  bytes: Uint8Array,
  kind: DamageKind,
  seed: number,
  headers: readonly Range[],
): { bytes: Buffer; what: string } {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo)); // [lo, hi)
  const out = Buffer.from(bytes);
  switch (kind) {
    case 'truncate': {
      const keep = int(0, out.length);
      return { bytes: out.subarray(0, keep), what: `cut to ${keep} of ${out.length} bytes` };
    }
    case 'flip': {
      const at: number[] = [];
      for (let n = int(1, 9); n > 0; n--) {
        const i = int(0, out.length);
        out[i] = out[i]! ^ (1 << int(0, 8));
        at.push(i);
      }
      return { bytes: out, what: `bits flipped at ${at.join(',')}` };
    }
    case 'zeros': {
      const length = int(1, Math.max(2, Math.min(512, out.length >> 2)));
      const start = int(0, out.length - length + 1);
      out.fill(0, start, start + length);
      return { bytes: out, what: `zeros over ${start}+${length}` };
    }
    case 'header': {
      const h = headers[int(0, headers.length)]!;
      if (r() < 0.5) {
        const at: number[] = [];
        for (let n = int(1, 5); n > 0; n--) {
          const i = int(h.start, h.end);
          out[i] = int(0, 256);
          at.push(i);
        }
        return { bytes: out, what: `header bytes replaced at ${at.join(',')}` };
      }
      const length = int(1, Math.min(17, h.end - h.start + 1));
      const start = int(h.start, h.end - length + 1);
      out.fill(0, start, start + length);
      return { bytes: out, what: `header zeroed over ${start}+${length}` };
    }
  }
}

/** The top-level boxes of an ISO BMFF (mp4) file: `ftyp`, `moov`, `mdat`… with their byte ranges. */
export function mp4Boxes(bytes: Uint8Array): (Range & { type: string })[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: (Range & { type: string })[] = [];
  for (let at = 0; at + 8 <= bytes.length;) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size === 1) size = Number(view.getBigUint64(at + 8));
    if (size === 0) size = bytes.length - at;
    if (size < 8) break;
    boxes.push({ type, start: at, end: Math.min(at + size, bytes.length) });
    at += size;
  }
  return boxes;
}
