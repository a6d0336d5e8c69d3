// Boundary suggestions from the data: gripper open/close, idle stretches (low-velocity runs) and
// large direction changes. The curator accepts or dismisses them; nothing here edits an episode.
import { jointKey } from '../common/robot/jointMapping';
import { column, quantile, rowCount, rowsFor, runs, scaledVelocity, speedOf, type Series } from './motion';

export interface Span {
  startNs: number;
  endNs: number;
}

export interface GripperEvent {
  tNs: number;
  kind: 'open' | 'close';
}

export interface Boundary {
  tNs: number;
  reason: string;
}

export interface SuggestedSegment extends Span {
  label: string;
  reason: string;
}

export interface SuggestOptions {
  /** Idle when speed is below this fraction of the episode's 90th-percentile speed. */
  idleFraction: number;
  /** Shortest idle stretch worth a boundary. */
  minIdleNs: number;
  /** Turn angle that makes a direction change. */
  minTurnRadians: number;
  /** Boundaries closer than this merge into one. */
  minGapNs: number;
  /** Smoothing window (each side) before differentiating. */
  smoothNs: number;
}

export const DEFAULT_OPTIONS: SuggestOptions = {
  idleFraction: 0.08,
  minIdleNs: 0.5e9,
  minTurnRadians: (100 * Math.PI) / 180,
  minGapNs: 0.3e9,
  smoothNs: 0.1e9,
};

/** The gripper column, by name (`gripper`, `gripper.pos`, `observation.state.gripper` …). */
export function gripperColumn(columns: readonly string[]): number {
  return columns.findIndex((c) => /gripper|claw|jaw/i.test(jointKey(c)));
}

/** Columns that describe arm motion: every column but the gripper. */
function armColumns(columns: readonly string[]): number[] {
  const g = gripperColumn(columns);
  return columns.map((_, i) => i).filter((i) => i !== g);
}

/**
 * Opening and closing of the gripper: crossings of the middle of its range, with hysteresis so
 * that sensor noise around the middle does not make a flurry of events. Larger values are open.
 */
export function gripperEvents(series: Series, col = gripperColumn(series.columns)): GripperEvent[] {
  if (col < 0 || rowCount(series) < 2) return [];
  const x = column(series, col);
  const lo = quantile(x, 0.02);
  const hi = quantile(x, 0.98);
  if (hi - lo < 1e-6 || (hi - lo) / Math.max(Math.abs(hi), Math.abs(lo), 1e-9) < 0.05) return [];
  const norm = (v: number) => (v - lo) / (hi - lo);
  const events: GripperEvent[] = [];
  let open = norm(x[0]!) > 0.5;
  let midCross = 0;
  for (let i = 1; i < x.length; i++) {
    const v = norm(x[i]!);
    const prev = norm(x[i - 1]!);
    if ((prev - 0.5) * (v - 0.5) <= 0 && prev !== v) midCross = i;
    if (open && v < 0.35) {
      open = false;
      events.push({ tNs: series.timesNs[midCross]!, kind: 'close' });
    } else if (!open && v > 0.65) {
      open = true;
      events.push({ tNs: series.timesNs[midCross]!, kind: 'open' });
    }
  }
  return events;
}

function armSpeed(series: Series, opts: SuggestOptions): Float64Array {
  const n = rowCount(series);
  const half = rowsFor(series, opts.smoothNs);
  const cols = armColumns(series.columns);
  return speedOf(scaledVelocity(series, cols, half), n);
}

/** Stretches where the arm barely moves, at least `minIdleNs` long. */
export function idleSpans(series: Series, opts: SuggestOptions = DEFAULT_OPTIONS): Span[] {
  const n = rowCount(series);
  if (n < 3) return [];
  const speed = armSpeed(series, opts);
  const threshold = Math.max(quantile(speed, 0.9) * opts.idleFraction, 1e-6);
  return runs(n, (i) => speed[i]! < threshold)
    .map(([a, b]) => ({ startNs: series.timesNs[a]!, endNs: series.timesNs[b]! }))
    .filter((s) => s.endNs - s.startNs >= opts.minIdleNs);
}

/**
 * Moments where the arm's (range-scaled) velocity turns by more than `minTurnRadians` between the
 * windows just before and just after, while it is moving in both: reversals and sharp corners.
 */
export function directionChanges(series: Series, opts: SuggestOptions = DEFAULT_OPTIONS): number[] {
  const n = rowCount(series);
  if (n < 5) return [];
  const half = rowsFor(series, opts.smoothNs);
  const vel = scaledVelocity(series, armColumns(series.columns), half);
  const speed = speedOf(vel, n);
  const moving = quantile(speed, 0.9) * 0.25;
  const w = Math.max(2, rowsFor(series, 0.1e9));
  const turn = new Float64Array(n);
  for (let i = w; i < n - w; i++) {
    const a = i - w;
    const b = i + w;
    if (speed[a]! < moving || speed[b]! < moving) continue;
    let dot = 0;
    for (const v of vel) dot += v[a]! * v[b]!;
    turn[i] = Math.acos(Math.max(-1, Math.min(1, dot / (speed[a]! * speed[b]!))));
  }
  const out: number[] = [];
  for (const [a, b] of runs(n, (i) => turn[i]! >= opts.minTurnRadians)) {
    let best = a;
    for (let i = a; i <= b; i++) if (turn[i]! > turn[best]!) best = i;
    out.push(series.timesNs[best]!);
  }
  return out;
}

/** Where the motion starts and stops: the episode without its idle start and end, or null if neither is idle. */
export function activeSpan(series: Series, durationNs: number, opts = DEFAULT_OPTIONS): Span | null {
  const idle = idleSpans(series, opts);
  const first = series.timesNs[0] ?? 0;
  const last = series.timesNs[rowCount(series) - 1] ?? 0;
  const head = idle.find((s) => s.startNs <= first);
  const tail = idle.find((s) => s.endNs >= last);
  if ((!head && !tail) || (head && head.endNs >= last)) return null;
  const startNs = head ? head.endNs : 0;
  const endNs = tail && tail !== head ? tail.startNs : durationNs;
  if (endNs <= startNs) return null;
  return { startNs, endNs };
}

function mergeBoundaries(bounds: Boundary[], gapNs: number): Boundary[] {
  const sorted = [...bounds].sort((a, b) => a.tNs - b.tNs);
  const out: Boundary[] = [];
  for (const b of sorted) {
    const prev = out[out.length - 1];
    if (prev && b.tNs - prev.tNs < gapNs) {
      if (!prev.reason.includes(b.reason)) prev.reason += `, ${b.reason}`;
    } else out.push({ ...b });
  }
  return out;
}

/** Every suggested boundary, merged when close, with its reasons. */
export function suggestBoundaries(series: Series, durationNs: number, opts = DEFAULT_OPTIONS): Boundary[] {
  const bounds: Boundary[] = [];
  for (const e of gripperEvents(series)) bounds.push({ tNs: e.tNs, reason: `gripper ${e.kind}s` });
  const first = series.timesNs[0] ?? 0;
  const last = series.timesNs[rowCount(series) - 1] ?? 0;
  for (const s of idleSpans(series, opts)) {
    // Idle at the very start or end makes no boundary there: the episode edge is one already.
    if (s.startNs > first) bounds.push({ tNs: s.startNs, reason: 'arm stops' });
    if (s.endNs < last) bounds.push({ tNs: s.endNs, reason: 'arm starts' });
  }
  for (const t of directionChanges(series, opts)) bounds.push({ tNs: t, reason: 'direction change' });
  return mergeBoundaries(bounds, opts.minGapNs).filter(
    (b) => b.tNs >= opts.minGapNs && b.tNs <= durationNs - opts.minGapNs,
  );
}

/**
 * Segments between consecutive boundaries. Labels follow the gripper: motion before it closes is
 * a reach, motion while it is closed a transport, motion after it opens a retreat; idle is idle.
 */
export function suggestSegments(
  series: Series,
  durationNs: number,
  opts = DEFAULT_OPTIONS,
): SuggestedSegment[] {
  if (rowCount(series) < 3 || durationNs <= 0) return [];
  const bounds = suggestBoundaries(series, durationNs, opts);
  const idle = idleSpans(series, opts);
  const grips = gripperEvents(series);
  const edges = [{ tNs: 0, reason: 'episode start' }, ...bounds, { tNs: durationNs, reason: 'episode end' }];
  const out: SuggestedSegment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const a = edges[i]!;
    const b = edges[i + 1]!;
    const mid = (a.tNs + b.tNs) / 2;
    const isIdle = idle.some((s) => s.startNs - opts.minGapNs <= a.tNs && s.endNs + opts.minGapNs >= b.tNs);
    const before = grips.filter((g) => g.tNs <= mid).pop();
    const after = grips.find((g) => g.tNs > mid);
    const label = isIdle
      ? 'idle'
      : before?.kind === 'close'
        ? 'transport'
        : after?.kind === 'close'
          ? 'reach'
          : before?.kind === 'open'
            ? 'retreat'
            : 'move';
    out.push({ startNs: a.tNs, endNs: b.tNs, label, reason: `${a.reason} → ${b.reason}` });
  }
  return out;
}
