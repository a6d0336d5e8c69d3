import type { ScoredBox } from './boxes';

/** One decoded frame: packed BGR, 8 bits per channel, `width × height` pixels. */
export interface BgrFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Something that finds objects to hide in a frame (faces now; licence plates, screens or whole
 * persons later). Boxes are in the pixels of the frame it was given, unenlarged.
 */
export interface Detector {
  /** Stored with each track, so tracks of different detectors stay apart (`face`, `plate`, …). */
  readonly kind: string;
  /** Names the model and its settings, recorded with each detection run. */
  readonly describe: string;
  /** The frame size the detector wants for a source of `width × height` (it may rescale). */
  inputSize(width: number, height: number): { width: number; height: number };
  /** Boxes in `frame`'s pixels; a frame of any size is accepted (`TiledDetector` passes tiles). */
  detect(frame: BgrFrame): Promise<ScoredBox[]>;
  close(): Promise<void>;
}
