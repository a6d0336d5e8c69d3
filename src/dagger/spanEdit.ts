/**
 * The arithmetic of a labelling edit on an episode's label arrays, free of storage: keyframes
 * interpolated across a span, a span accepted from the policy's own actions, a span cleared, and a
 * span cut out or written back (what undo and redo restore).
 */
import type { LabelSpan } from '../common/api';

export interface LabelArrays {
  columns: number;
  values: Float32Array;
  mask: Uint8Array;
  classes: Uint8Array;
}

export interface Keyframe {
  frame: number;
  action: readonly number[];
}

/** Each frame's action from keyframes: linear between them, held before the first and after the last. */
export function interpolate(keyframes: readonly Keyframe[], frames: number[], columns: number): Float32Array {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame);
  for (const k of keys)
    if (k.action.length !== columns)
      throw new Error(
        `keyframe at frame ${k.frame} has ${k.action.length} values, the labels have ${columns}`,
      );
  const out = new Float32Array(frames.length * columns);
  let j = 0;
  for (const [i, f] of frames.entries()) {
    while (j < keys.length - 1 && keys[j + 1]!.frame <= f) j++;
    const a = keys[j]!;
    const b = keys[Math.min(j + 1, keys.length - 1)]!;
    const t = f <= a.frame || b.frame === a.frame ? 0 : Math.min(1, (f - a.frame) / (b.frame - a.frame));
    for (let c = 0; c < columns; c++) out[i * columns + c] = a.action[c]! + t * (b.action[c]! - a.action[c]!);
  }
  return out;
}

export function checkSpan(start: number, end: number, frames: number, what: string): void {
  if (!(start <= end)) throw new Error(`${what}: the span ends at frame ${end}, before it starts (${start})`);
  if (end >= frames)
    throw new Error(`${what}: frame ${end} is past the episode's last frame (${frames - 1})`);
}

/** Frames start..end (inclusive) as a span. */
export function cut(a: LabelArrays, start: number, end: number): LabelSpan {
  const values: (number | null)[] = [];
  for (let f = start; f <= end; f++)
    for (let c = 0; c < a.columns; c++) {
      const v = a.values[f * a.columns + c]!;
      values.push(a.mask[f] && Number.isFinite(v) ? v : null);
    }
  return {
    startFrame: start,
    values,
    mask: Array.from(a.mask.subarray(start, end + 1)),
    classes: Array.from(a.classes.subarray(start, end + 1)),
  };
}

/** A copy of `a` with `span` written into it. */
export function paste(a: LabelArrays, span: LabelSpan): LabelArrays {
  const n = span.mask.length;
  if (span.classes.length !== n || span.values.length !== n * a.columns)
    throw new Error(`a span of ${n} frames needs ${n} classes and ${n * a.columns} values`);
  checkSpan(span.startFrame, span.startFrame + n - 1, a.mask.length, 'restore labels');
  const out = {
    columns: a.columns,
    values: a.values.slice(),
    mask: a.mask.slice(),
    classes: a.classes.slice(),
  };
  for (let i = 0; i < n; i++) {
    const f = span.startFrame + i;
    out.mask[f] = span.mask[i]!;
    out.classes[f] = span.classes[i]!;
    for (let c = 0; c < a.columns; c++) out.values[f * a.columns + c] = span.values[i * a.columns + c] ?? NaN;
  }
  return out;
}

/** The span start..end labelled with `actions` (frames x columns), all of class `klass`. */
export function labelled(start: number, actions: Float32Array, columns: number, klass: number): LabelSpan {
  const n = actions.length / columns;
  return {
    startFrame: start,
    values: Array.from(actions),
    mask: new Array<number>(n).fill(1),
    classes: new Array<number>(n).fill(klass),
  };
}

/** The span start..end unlabelled, keeping its classes (who was in control does not change). */
export function cleared(a: LabelArrays, start: number, end: number): LabelSpan {
  const n = end - start + 1;
  return {
    startFrame: start,
    values: new Array<number | null>(n * a.columns).fill(null),
    mask: new Array<number>(n).fill(0),
    classes: Array.from(a.classes.subarray(start, end + 1)),
  };
}
