import { existsSync } from 'node:fs';
import type * as Ort from 'onnxruntime-node';
import { nms, type ScoredBox } from './boxes';
import type { BgrFrame, Detector } from './detector';

export interface YuNetOptions {
  /** Score below which a candidate is dropped (sqrt of class × objectness, as OpenCV computes it). */
  threshold: number;
  /** Frames whose longer side is above this are scaled down to it before detection. */
  maxSide: number;
  /** Threads onnxruntime may use for one frame (0: its default, one per core). */
  threads: number;
}

/**
 * Chosen from the measurements in `src/redact/README.md`. One thread: jobs already run one per core,
 * and a second thread per frame made detection slower, not faster, on a busy machine.
 */
export const YUNET_DEFAULTS: YuNetOptions = { threshold: 0.6, maxSide: 1280, threads: 1 };

const STRIDES = [8, 16, 32] as const;
const NMS_IOU = 0.3;

/**
 * YuNet (OpenCV Zoo, 2023mar) on onnxruntime's CPU backend. The network takes any size that is a
 * multiple of 32 (frames are padded at the right and bottom) and answers per-stride heads; decoding
 * follows OpenCV's `FaceDetectorYN`.
 */
export class YuNetDetector implements Detector {
  readonly kind = 'face';
  readonly describe: string;
  private kept: { key: string; data: Float32Array; busy: boolean } | null = null;

  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    private readonly opts: YuNetOptions,
  ) {
    this.describe = `yunet-2023mar threshold=${opts.threshold} maxSide=${opts.maxSide}`;
  }

  static async open(modelPath: string, options: Partial<YuNetOptions> = {}): Promise<YuNetDetector> {
    if (!existsSync(modelPath)) throw new Error(`face model not found: ${modelPath}`);
    const opts = { ...YUNET_DEFAULTS, ...options };
    if (!(opts.threshold > 0 && opts.threshold < 1))
      throw new Error(`face threshold ${opts.threshold}: must be between 0 and 1`);
    // Loaded here, not at startup: every job worker bundles this module, few of them detect faces.
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      ...(opts.threads > 0 ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
    });
    return new YuNetDetector(ort, session, opts);
  }

  inputSize(width: number, height: number): { width: number; height: number } {
    const scale = Math.min(1, this.opts.maxSide / Math.max(width, height));
    // Even sizes keep ffmpeg's scaler and chroma subsampling simple.
    const even = (v: number) => Math.max(2, Math.round((v * scale) / 2) * 2);
    return { width: even(width), height: even(height) };
  }

  async detect(frame: BgrFrame): Promise<ScoredBox[]> {
    const padW = Math.ceil(frame.width / 32) * 32;
    const padH = Math.ceil(frame.height / 32) * 32;
    const input = this.inputBuffer(frame.width, frame.height, padW * padH * 3);
    toPlanar(frame, padW, padH, input.data);
    let out: Ort.InferenceSession.OnnxValueMapType;
    try {
      out = await this.session.run({ input: new this.ort.Tensor('float32', input.data, [1, 3, padH, padW]) });
    } finally {
      input.busy = false;
    }
    const found: ScoredBox[] = [];
    for (const stride of STRIDES) {
      const cls = out[`cls_${stride}`]!.data as Float32Array;
      const obj = out[`obj_${stride}`]!.data as Float32Array;
      const bbox = out[`bbox_${stride}`]!.data as Float32Array;
      const cols = padW / stride;
      for (let idx = 0; idx < cls.length; idx++) {
        const score = Math.sqrt(clamp01(cls[idx]!) * clamp01(obj[idx]!));
        if (score < this.opts.threshold) continue;
        const c = idx % cols;
        const r = Math.floor(idx / cols);
        const cx = (c + bbox[idx * 4]!) * stride;
        const cy = (r + bbox[idx * 4 + 1]!) * stride;
        const w = Math.exp(bbox[idx * 4 + 2]!) * stride;
        const h = Math.exp(bbox[idx * 4 + 3]!) * stride;
        found.push({ x: cx - w / 2, y: cy - h / 2, w, h, score });
      }
    }
    return nms(found, NMS_IOU);
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  /**
   * The network's input buffer for frames of this size, kept from frame to frame (a video's frames
   * share one size, so its padding stays zero); a fresh one while the kept one is in use.
   */
  private inputBuffer(width: number, height: number, length: number): { data: Float32Array; busy: boolean } {
    const key = `${width}x${height}`;
    if (this.kept?.key !== key || this.kept.busy) {
      const fresh = { key, data: new Float32Array(length), busy: false };
      if (!this.kept?.busy) this.kept = fresh;
      fresh.busy = true;
      return fresh;
    }
    this.kept.busy = true;
    return this.kept;
  }
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Packed BGR bytes to planar float32 (the network's own scale, 0–255) in `out`, whose padding is zero. */
function toPlanar(frame: BgrFrame, padW: number, padH: number, out: Float32Array): void {
  const plane = padW * padH;
  const { width, height, data } = frame;
  for (let y = 0; y < height; y++) {
    let src = y * width * 3;
    let dst = y * padW;
    for (let x = 0; x < width; x++, src += 3, dst++) {
      out[dst] = data[src]!;
      out[plane + dst] = data[src + 1]!;
      out[2 * plane + dst] = data[src + 2]!;
    }
  }
}
