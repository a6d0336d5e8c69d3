import type { TaskScore } from './api';
import type { Nanoseconds } from './ids';

/** "1:05.250" style duration for lists and readouts. */
export function formatDuration(t: Nanoseconds | number): string {
  const totalMs = Math.round(t / 1e6);
  const m = Math.floor(totalMs / 60000);
  const s = Math.floor((totalMs % 60000) / 1000);
  const ms = totalMs % 1000;
  return `${m}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/**
 * "final coverage 0.42 ± 0.10 (min 0.05, max 0.91)": a task measure over an evaluation's rollouts
 * (mean ± sample SD). Metres to the millimetre with their unit; fractions and laps plain.
 */
export function formatTaskScore(s: TaskScore): string {
  const digits = s.unit === 'm' ? 3 : 2;
  const unit = s.unit === 'fraction' || s.unit === 'lap' ? '' : ` ${s.unit}`;
  const f = (x: number) => x.toFixed(digits);
  return `${s.name} ${f(s.mean)} ± ${f(s.sd)}${unit} (min ${f(s.min)}, max ${f(s.max)})`;
}
