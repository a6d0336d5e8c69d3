import { clampToFrame, enlarge, iou, lerpBox, type Box, type ScoredBox } from './boxes';

export interface TrackerOptions {
  /** Least IoU between a track's predicted box and a detection for them to be linked. */
  minIou: number;
  /** Frames a track may go without a detection and still be continued (the gap is interpolated). */
  maxGap: number;
  /** Frames a track is held before its first and after its last detection. */
  hold: number;
  /** Growth of every box about its centre. */
  enlarge: number;
}

export const TRACKER_DEFAULTS: TrackerOptions = { minIou: 0.2, maxGap: 8, hold: 4, enlarge: 1.3 };

/** One frame of a track: the box the render hides there and how it was obtained. */
export interface TrackBox extends Box {
  frame: number;
  /** The detector's score; for frames without a detection, that of the nearest detection before. */
  score: number;
  source: 'detected' | 'interpolated' | 'held';
}

export interface Track {
  first: number;
  last: number;
  /** One box per frame from `first` to `last`, enlarged and cut to the frame. */
  boxes: TrackBox[];
}

interface Live {
  hits: { frame: number; box: ScoredBox }[];
  /** Per-frame change of the box (x, y, w, h), smoothed. */
  velocity: Box;
}

/**
 * Links per-frame detections into tracks: each live track predicts its box at the next frame from
 * its last box and its velocity, and takes the detection that overlaps the prediction most (best
 * pairs first). A track not continued for `maxGap` frames ends. Gaps are filled by interpolation and
 * every track is held a few frames before and after, so a face is covered while the detector blinks.
 */
export class Tracker {
  private readonly opts: TrackerOptions;
  private live: Live[] = [];
  private readonly ended: Live[] = [];

  constructor(
    private readonly frameSize: { width: number; height: number },
    options: Partial<TrackerOptions> = {},
  ) {
    this.opts = { ...TRACKER_DEFAULTS, ...options };
  }

  /** The detections of frame `frame`; frames must come in increasing order. */
  push(frame: number, detections: readonly ScoredBox[]): void {
    this.live = this.live.filter((t) => {
      if (frame - t.hits.at(-1)!.frame <= this.opts.maxGap) return true;
      this.ended.push(t);
      return false;
    });
    const pairs: { t: Live; d: number; score: number }[] = [];
    for (const t of this.live) {
      const predicted = predict(t, frame);
      detections.forEach((det, d) => {
        const score = iou(predicted, det);
        if (score >= this.opts.minIou) pairs.push({ t, d, score });
      });
    }
    pairs.sort((a, b) => b.score - a.score);
    const usedTracks = new Set<Live>();
    const usedDets = new Set<number>();
    for (const { t, d } of pairs) {
      if (usedTracks.has(t) || usedDets.has(d)) continue;
      usedTracks.add(t);
      usedDets.add(d);
      extend(t, frame, detections[d]!);
    }
    detections.forEach((det, d) => {
      if (!usedDets.has(d)) this.live.push({ hits: [{ frame, box: det }], velocity: ZERO });
    });
  }

  /** Every track, in order of first frame; `frames` is the video's frame count (holds stop at its ends). */
  finish(frames: number): Track[] {
    const all = [...this.ended, ...this.live];
    this.live = [];
    this.ended.length = 0;
    return all
      .map((t) => this.expand(t, frames))
      .filter((t): t is Track => t !== null)
      .sort((a, b) => a.first - b.first || a.boxes[0]!.x - b.boxes[0]!.x);
  }

  private expand(t: Live, frames: number): Track | null {
    const { hold, enlarge: grow } = this.opts;
    const raw: TrackBox[] = [];
    const hits = t.hits;
    const first = hits[0]!;
    const last = hits.at(-1)!;
    for (let f = Math.max(0, first.frame - hold); f < first.frame; f++)
      raw.push({ ...first.box, frame: f, score: first.box.score, source: 'held' });
    hits.forEach((h, i) => {
      raw.push({ ...h.box, frame: h.frame, score: h.box.score, source: 'detected' });
      const next = hits[i + 1];
      if (!next) return;
      for (let f = h.frame + 1; f < next.frame; f++) {
        const at = lerpBox(h.box, next.box, (f - h.frame) / (next.frame - h.frame));
        raw.push({ ...at, frame: f, score: h.box.score, source: 'interpolated' });
      }
    });
    for (let f = last.frame + 1; f <= Math.min(frames - 1, last.frame + hold); f++)
      raw.push({ ...predict(t, f), frame: f, score: last.box.score, source: 'held' });
    const boxes: TrackBox[] = [];
    for (const b of raw) {
      const cut = clampToFrame(enlarge(b, grow), this.frameSize.width, this.frameSize.height);
      if (cut) boxes.push({ ...cut, frame: b.frame, score: b.score, source: b.source });
    }
    return boxes.length ? { first: boxes[0]!.frame, last: boxes.at(-1)!.frame, boxes } : null;
  }
}

const ZERO: Box = { x: 0, y: 0, w: 0, h: 0 };

function predict(t: Live, frame: number): Box {
  const last = t.hits.at(-1)!;
  const dt = frame - last.frame;
  const v = t.velocity;
  return {
    x: last.box.x + v.x * dt,
    y: last.box.y + v.y * dt,
    w: Math.max(1, last.box.w + v.w * dt),
    h: Math.max(1, last.box.h + v.h * dt),
  };
}

function extend(t: Live, frame: number, det: ScoredBox): void {
  const last = t.hits.at(-1)!;
  const dt = frame - last.frame;
  const step = (a: number, b: number, v: number) =>
    t.hits.length === 1 ? (b - a) / dt : 0.5 * v + (0.5 * (b - a)) / dt;
  t.velocity = {
    x: step(last.box.x, det.x, t.velocity.x),
    y: step(last.box.y, det.y, t.velocity.y),
    w: step(last.box.w, det.w, t.velocity.w),
    h: step(last.box.h, det.h, t.velocity.h),
  };
  t.hits.push({ frame, box: det });
}
